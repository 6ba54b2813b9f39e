package catalogseed

import "strings"

// The vocabulary of the synthetic catalog: Spanish as a shopper in Lima reads it, with
// gender and number agreement between a noun and the adjectives and colours after it.
// Nothing here contains the search word except the material built from it, so that
// word appears only in the names (and descriptions) of the products chosen to carry it.

// SearchWord is the word that about SearchShare of product names contain. Searching
// for it folded ("bambu") is the benchmark's `q` scenario.
const SearchWord = "Bambú"

// SearchShare is the fraction of products whose name carries SearchWord.
const SearchShare = 0.01

// noun is what a product is, with the gender and number its adjectives agree with.
type noun struct {
	text   string
	fem    bool
	plural bool
}

func m(text string) noun   { return noun{text: text} }
func f(text string) noun   { return noun{text: text, fem: true} }
func mpl(text string) noun { return noun{text: text, plural: true} }
func fpl(text string) noun { return noun{text: text, fem: true, plural: true} }

// adjective holds the four forms an adjective takes; invariable ones repeat one form.
type adjective struct{ ms, fs, mp, fp string }

// agree picks the form of a for n.
func (a adjective) agree(n noun) string {
	switch {
	case n.fem && n.plural:
		return a.fp
	case n.fem:
		return a.fs
	case n.plural:
		return a.mp
	}

	return a.ms
}

// adj inflects a regular adjective from its masculine singular: -o changes with gender,
// -a and -e take only -s, -or takes -a, -es and -as, another consonant takes -es
// (dropping the accent of a final stressed syllable: marrón, marrones).
func adj(ms string) adjective {
	switch {
	case strings.HasSuffix(ms, "o"):
		stem := strings.TrimSuffix(ms, "o")
		return adjective{ms: ms, fs: stem + "a", mp: ms + "s", fp: stem + "as"}
	case strings.HasSuffix(ms, "a"), strings.HasSuffix(ms, "e"):
		return adjective{ms: ms, fs: ms, mp: ms + "s", fp: ms + "s"}
	case strings.HasSuffix(ms, "or"):
		return adjective{ms: ms, fs: ms + "a", mp: ms + "es", fp: ms + "as"}
	}

	plural := unaccentLast(ms) + "es"

	return adjective{ms: ms, fs: ms, mp: plural, fp: plural}
}

// fixed is an adjective that never changes, such as "Oversize" or "Azul Marino".
func fixed(s string) adjective { return adjective{ms: s, fs: s, mp: s, fp: s} }

func adjs(words ...string) []adjective {
	out := make([]adjective, len(words))
	for i, w := range words {
		out[i] = adj(w)
	}

	return out
}

var lastAccent = strings.NewReplacer("án", "an", "én", "en", "ín", "in", "ón", "on", "ún",
	"un", "és", "es")

func unaccentLast(s string) string {
	cut := max(len(s)-3, 0)

	return s[:cut] + lastAccent.Replace(s[cut:])
}

// colours agree with the noun they follow: the product or its material.
var colours = append(adjs("Negro", "Blanco", "Rojo", "Azul", "Verde", "Gris", "Marrón",
	"Rosado", "Amarillo", "Morado", "Celeste", "Plateado", "Dorado", "Anaranjado"),
	fixed("Beige"), fixed("Azul Marino"), fixed("Verde Oliva"), fixed("Crema"),
	fixed("Mostaza"), fixed("Vino"), fixed("Turquesa"))

// bamboo is the material that carries SearchWord; it fits every group.
var bamboo = m(SearchWord)

// group is a root category and the vocabulary of the products under it.
type group struct {
	name        string
	description string
	leaves      []leaf
	adjectives  []adjective
	materials   []noun
	// coloured says whether colours make sense for these products (not for shampoo).
	coloured  bool
	sentences []string
	tags      []string
	// minCents and maxCents bound the prices, in soles céntimos.
	minCents, maxCents int64
}

// leaf is a category that products are filed under.
type leaf struct {
	name  string
	nouns []noun
}

var clothingAdjectives = append(adjs("Clásico", "Casual", "Elegante", "Urbano", "Básico",
	"Estampado", "Bordado", "Ligero", "Abrigador", "Juvenil", "Acolchado", "Entallado"),
	fixed("Oversize"), fixed("Slim Fit"))

var clothingMaterials = []noun{m("Algodón"), m("Algodón Pima"), m("Lino"), m("Denim"),
	m("Poliéster"), f("Seda"), f("Lana de Alpaca"), f("Franela"), f("Gamuza"), m("Drill")}

var clothingSentences = []string{
	"Confección peruana con acabados de primera.",
	"Tela suave y fresca, ideal para el uso diario.",
	"Costuras reforzadas que resisten el lavado frecuente.",
	"Disponible en tallas S, M, L y XL.",
	"Corte moderno que se adapta a cualquier ocasión.",
	"Lavar a mano o en ciclo delicado con agua fría.",
}

// groups is the catalog's category tree, in the order roots are created. The first ten
// give the default sixty categories (ten roots and fifty leaves) exactly.
var groups = []group{
	{
		name:        "Moda Mujer",
		description: "Ropa de mujer hecha en Gamarra y en todo el Perú.",
		leaves: []leaf{
			{"Blusas", []noun{f("Blusa"), m("Top")}},
			{"Vestidos", []noun{m("Vestido"), m("Enterizo")}},
			{"Faldas", []noun{f("Falda"), f("Minifalda")}},
			{"Jeans de Mujer", []noun{m("Jean"), m("Pantalón Jean")}},
			{"Casacas de Mujer", []noun{f("Casaca"), m("Abrigo"), m("Blazer")}},
			{"Polos de Mujer", []noun{m("Polo"), f("Camiseta")}},
		},
		adjectives: clothingAdjectives, materials: clothingMaterials, coloured: true,
		sentences: clothingSentences, tags: []string{"moda", "mujer", "ropa"},
		minCents: 1990, maxCents: 24990,
	},
	{
		name:        "Moda Hombre",
		description: "Ropa de hombre para el trabajo, la calle y el fin de semana.",
		leaves: []leaf{
			{"Camisas", []noun{f("Camisa"), f("Camisa Manga Larga")}},
			{"Polos", []noun{m("Polo"), m("Polo Cuello Camisero")}},
			{"Pantalones", []noun{m("Pantalón"), m("Pantalón Cargo")}},
			{"Casacas", []noun{f("Casaca"), m("Cortavientos"), f("Parka")}},
			{"Poleras", []noun{f("Polera"), f("Polera con Capucha")}},
			{"Bermudas", []noun{f("Bermuda"), m("Short")}},
		},
		adjectives: clothingAdjectives, materials: clothingMaterials, coloured: true,
		sentences: clothingSentences, tags: []string{"moda", "hombre", "ropa"},
		minCents: 1990, maxCents: 29990,
	},
	{
		name:        "Calzado",
		description: "Zapatillas, zapatos y sandalias para toda la familia.",
		leaves: []leaf{
			{"Zapatillas", []noun{fpl("Zapatillas"), fpl("Zapatillas Running")}},
			{"Zapatos de Vestir", []noun{mpl("Zapatos"), mpl("Mocasines")}},
			{"Sandalias", []noun{fpl("Sandalias"), fpl("Ojotas")}},
			{"Botas y Botines", []noun{fpl("Botas"), mpl("Botines")}},
			{"Pantuflas", []noun{fpl("Pantuflas")}},
		},
		adjectives: adjs("Urbano", "Deportivo", "Casual", "Clásico", "Cómodo", "Ligero",
			"Impermeable", "Acolchado", "Moderno"),
		materials: []noun{m("Cuero"), f("Gamuza"), f("Lona"), m("Caucho"), f("Malla"),
			m("Cuero Sintético")},
		coloured: true,
		sentences: []string{
			"Plantilla acolchada para caminar todo el día.",
			"Suela antideslizante y resistente.",
			"Fabricación nacional con materiales seleccionados.",
			"Disponible de la talla 35 a la 44.",
		},
		tags: []string{"calzado"}, minCents: 3990, maxCents: 39990,
	},
	{
		name:        "Niños y Bebés",
		description: "Ropa, juguetes y todo lo necesario para los más pequeños.",
		leaves: []leaf{
			{"Ropa de Bebé", []noun{m("Body"), m("Enterizo"), m("Conjunto")}},
			{"Uniformes Escolares", []noun{m("Buzo Escolar"), f("Chompa Escolar")}},
			{"Juguetes", []noun{m("Peluche"), m("Rompecabezas"), m("Juego de Bloques")}},
			{"Coches y Cunas", []noun{f("Cuna"), m("Coche"), f("Silla de Comer")}},
		},
		adjectives: adjs("Suave", "Divertido", "Educativo", "Colorido", "Acolchado",
			"Cómodo", "Plegable"),
		materials: []noun{m("Algodón"), f("Felpa"), f("Madera"), m("Plástico")},
		coloured:  true,
		sentences: []string{
			"Materiales seguros para los más pequeños.",
			"Colores vivos que estimulan la imaginación.",
			"Cumple las normas de seguridad infantil.",
		},
		tags: []string{"niños", "bebés"}, minCents: 990, maxCents: 59990,
	},
	{
		name:        "Hogar y Jardín",
		description: "Muebles, decoración y textiles para la casa.",
		leaves: []leaf{
			{"Ropa de Cama", []noun{m("Juego de Sábanas"), m("Edredón"), f("Frazada")}},
			{"Cortinas", []noun{f("Cortina"), m("Visillo")}},
			{"Muebles", []noun{f("Silla"), f("Mesa de Centro"), m("Estante")}},
			{"Decoración", []noun{m("Cojín"), m("Espejo"), m("Florero")}},
			{"Jardín", []noun{f("Maceta"), f("Manguera"), m("Banco de Jardín")}},
		},
		adjectives: append(adjs("Moderno", "Rústico", "Nórdico", "Clásico",
			"Decorativo", "Artesanal"), fixed("Minimalista")),
		materials: []noun{f("Madera"), m("Algodón"), f("Microfibra"), m("Ratán"),
			f("Cerámica"), m("Vidrio"), m("Metal")},
		coloured: true,
		sentences: []string{
			"Diseño que combina con cualquier ambiente.",
			"Fácil de limpiar y de larga duración.",
			"Ideal para renovar la sala, el dormitorio o la terraza.",
		},
		tags: []string{"hogar", "casa"}, minCents: 1990, maxCents: 149990,
	},
	{
		name:        "Cocina",
		description: "Ollas, vajilla y utensilios para cocinar en casa.",
		leaves: []leaf{
			{"Ollas y Sartenes", []noun{f("Olla"), f("Sartén"), f("Olla a Presión")}},
			{"Cubiertos", []noun{m("Juego de Cubiertos"), m("Cuchillo")}},
			{"Vajilla", []noun{m("Juego de Vajilla"), f("Taza"), m("Plato Hondo")}},
			{"Utensilios de Cocina", []noun{f("Tabla de Picar"), m("Rallador"),
				m("Colador")}},
		},
		adjectives: adjs("Antiadherente", "Profesional", "Compacto", "Resistente",
			"Clásico", "Artesanal", "Apilable"),
		materials: []noun{m("Acero Inoxidable"), m("Hierro Fundido"), f("Cerámica"),
			m("Vidrio Templado"), m("Aluminio"), f("Silicona"), f("Madera")},
		coloured: true,
		sentences: []string{
			"Apto para todo tipo de cocinas, incluida la de inducción.",
			"Fácil de lavar, también en lavavajillas.",
			"Distribuye el calor de forma uniforme.",
		},
		tags: []string{"cocina"}, minCents: 990, maxCents: 59990,
	},
	{
		name:        "Electrodomésticos",
		description: "Pequeños electrodomésticos con garantía.",
		leaves: []leaf{
			{"Licuadoras", []noun{f("Licuadora"), m("Extractor de Jugos")}},
			{"Cafeteras", []noun{f("Cafetera"), f("Cafetera Espresso")}},
			{"Hervidores", []noun{m("Hervidor Eléctrico")}},
			{"Planchas", []noun{f("Plancha a Vapor"), f("Plancha de Cabello")}},
			{"Ventiladores", []noun{m("Ventilador de Pie"), m("Ventilador de Mesa")}},
		},
		adjectives: adjs("Compacto", "Portátil", "Digital", "Silencioso", "Inteligente",
			"Profesional", "Potente"),
		materials: []noun{m("Acero Inoxidable"), m("Plástico"), m("Vidrio"),
			m("Aluminio")},
		coloured: true,
		sentences: []string{
			"Garantía de un año con servicio técnico en Lima.",
			"Bajo consumo de energía.",
			"Incluye manual en español.",
		},
		tags: []string{"electrodomésticos"}, minCents: 5990, maxCents: 89990,
	},
	{
		name:        "Tecnología",
		description: "Accesorios para celulares, computadoras y audio.",
		leaves: []leaf{
			{"Audífonos", []noun{mpl("Audífonos"), mpl("Audífonos Bluetooth")}},
			{"Cargadores", []noun{m("Cargador"), m("Cable USB-C")}},
			{"Fundas para Celular", []noun{f("Funda"), m("Protector de Pantalla")}},
			{"Parlantes", []noun{m("Parlante"), f("Barra de Sonido")}},
			{"Teclados", []noun{m("Teclado"), m("Teclado Mecánico")}},
			{"Mouse", []noun{m("Mouse"), m("Mouse Gamer")}},
		},
		adjectives: adjs("Inalámbrico", "Portátil", "Compacto", "Recargable",
			"Ergonómico", "Magnético", "Resistente"),
		materials: []noun{m("Plástico"), m("Aluminio"), f("Silicona"),
			m("Cuero Sintético")},
		coloured: true,
		sentences: []string{
			"Compatible con Android e iOS.",
			"Batería de larga duración.",
			"Conexión rápida y estable.",
		},
		tags: []string{"tecnología"}, minCents: 990, maxCents: 49990,
	},
	{
		name:        "Deportes",
		description: "Ropa y equipos para entrenar, jugar y salir de aventura.",
		leaves: []leaf{
			{"Ropa Deportiva", []noun{m("Buzo"), fpl("Calzas"), m("Top Deportivo")}},
			{"Fútbol", []noun{f("Pelota de Fútbol"), f("Camiseta de Fútbol")}},
			{"Ciclismo", []noun{m("Casco"), mpl("Guantes de Ciclismo")}},
			{"Yoga y Fitness", []noun{m("Mat de Yoga"), fpl("Mancuernas")}},
			{"Camping", []noun{f("Carpa"), f("Mochila de Trekking"), f("Linterna")}},
		},
		adjectives: adjs("Deportivo", "Ligero", "Transpirable", "Ajustable",
			"Profesional", "Resistente", "Térmico"),
		materials: []noun{m("Poliéster"), m("Neopreno"), m("Nylon"), m("Caucho"),
			m("Spandex")},
		coloured: true,
		sentences: []string{
			"Tela transpirable que seca rápido.",
			"Pensado para entrenar con comodidad.",
			"Resiste el uso intenso.",
		},
		tags: []string{"deportes"}, minCents: 990, maxCents: 99990,
	},
	{
		name:        "Belleza y Cuidado Personal",
		description: "Cuidado del cabello, de la piel y maquillaje.",
		leaves: []leaf{
			{"Cuidado del Cabello", []noun{m("Shampoo"), m("Acondicionador")}},
			{"Maquillaje", []noun{m("Labial"), f("Paleta de Sombras"), f("Base Líquida")}},
			{"Perfumes", []noun{m("Perfume"), f("Colonia")}},
			{"Cuidado de la Piel", []noun{f("Crema Hidratante"), m("Protector Solar")}},
		},
		adjectives: adjs("Hidratante", "Reparador", "Nutritivo", "Natural", "Orgánico",
			"Suave", "Revitalizante"),
		materials: []noun{m("Aloe Vera"), m("Aceite de Coco"), f("Manzanilla"),
			f("Sábila"), f("Maca")},
		sentences: []string{
			"Fórmula libre de parabenos.",
			"Apto para todo tipo de piel.",
			"Producto nacional con registro sanitario.",
		},
		tags: []string{"belleza", "cuidado personal"}, minCents: 990, maxCents: 29990,
	},
	{
		name:        "Accesorios",
		description: "Mochilas, carteras, relojes y todo para completar el look.",
		leaves: []leaf{
			{"Mochilas", []noun{f("Mochila"), f("Mochila Antirrobo")}},
			{"Carteras", []noun{f("Cartera"), m("Bolso")}},
			{"Billeteras", []noun{f("Billetera"), m("Tarjetero")}},
			{"Correas", []noun{f("Correa"), m("Cinturón")}},
			{"Gorras", []noun{f("Gorra"), m("Sombrero")}},
			{"Relojes", []noun{m("Reloj"), m("Reloj Digital")}},
			{"Lentes de Sol", []noun{mpl("Lentes de Sol")}},
		},
		adjectives: append(adjs("Clásico", "Casual", "Elegante", "Artesanal", "Urbano",
			"Compacto"), fixed("Vintage")),
		materials: []noun{m("Cuero"), f("Lona"), m("Cuero Sintético"), m("Acero"),
			m("Nylon")},
		coloured: true,
		sentences: []string{
			"Acabado artesanal de gran calidad.",
			"Compartimentos amplios para llevar lo necesario.",
			"El complemento perfecto para cualquier estilo.",
		},
		tags: []string{"accesorios"}, minCents: 990, maxCents: 59990,
	},
	{
		name:        "Mascotas",
		description: "Camas, collares y juguetes para perros y gatos.",
		leaves: []leaf{
			{"Camas para Mascotas", []noun{f("Cama para Perro"), m("Cojín para Gato")}},
			{"Collares y Correas", []noun{m("Collar"), m("Arnés")}},
			{"Juguetes para Mascotas", []noun{f("Pelota para Perro"), m("Rascador")}},
			{"Comederos", []noun{m("Comedero"), m("Bebedero")}},
		},
		adjectives: adjs("Resistente", "Ajustable", "Acolchado", "Lavable",
			"Antideslizante", "Cómodo"),
		materials: []noun{m("Nylon"), f("Felpa"), m("Plástico"), m("Acero Inoxidable"),
			m("Cuero")},
		coloured: true,
		sentences: []string{
			"Pensado para perros y gatos de todos los tamaños.",
			"Materiales seguros y no tóxicos.",
			"Fácil de lavar.",
		},
		tags: []string{"mascotas"}, minCents: 590, maxCents: 19990,
	},
}

// Vendor names: a trade, a proper name and, often, the legal form of a Peruvian company.
var (
	vendorTrades = []string{"Confecciones", "Textiles", "Importaciones", "Distribuidora",
		"Comercial", "Inversiones", "Creaciones", "Industrias", "Corporación", "Moda",
		"Calzados", "Novedades"}
	vendorNames = []string{"Andina", "del Sur", "San Martín", "Santa Rosa", "Los Olivos",
		"El Inca", "Pacífico", "Huáscar", "Kallpa", "Wayra", "Sumaq", "Gamarra",
		"La Victoria", "Miraflores", "Amazonas", "Titicaca", "Señor de Sipán", "Chavín",
		"Nazca", "Paracas", "Misti", "Huascarán", "Vilcanota", "Mantaro", "Rímac",
		"Qhapaq Ñan", "Ccori", "Illari", "Pachamama", "Mamá Ocllo"}
	vendorForms = []string{" S.A.C.", " E.I.R.L.", " S.R.L.", " S.A.", ""}
	streets     = []string{"Jr. Gamarra", "Av. Aviación", "Jr. Antonio Bazo", "Av. Grau",
		"Jr. Huánuco", "Av. Larco", "Calle Mercaderes", "Av. Ejército", "Jr. Sebastián Barranca",
		"Av. España", "Calle San Martín", "Av. La Cultura"}
	cities = []struct{ city, state, zip string }{
		{"Lima", "Lima", "15018"}, {"Lima", "Lima", "15074"}, {"Arequipa", "Arequipa", "04001"},
		{"Trujillo", "La Libertad", "13001"}, {"Chiclayo", "Lambayeque", "14001"},
		{"Cusco", "Cusco", "08002"}, {"Piura", "Piura", "20001"},
		{"Huancayo", "Junín", "12001"}, {"Iquitos", "Loreto", "16001"},
		{"Juliaca", "Puno", "21101"},
	}
	vendorAbout = []string{
		"Fabricantes con taller propio y despacho a todo el Perú.",
		"Atención por mayor y menor, con envíos en 24 horas dentro de Lima.",
		"Empresa familiar con más de veinte años en el emporio comercial.",
		"Importadores directos con precios de fábrica.",
		"Diseño y confección nacional con control de calidad en cada pieza.",
	}
)
