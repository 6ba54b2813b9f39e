-- POST /api/v1/products: names a vendor would write, with a model number so most
-- derive a fresh slug and some take a -2 suffix, over random vendors and leaf categories,
-- as an administrator (a token signed with the server's development HS256 secret).
local vendors = {@VENDOR_IDS@}
local categories = {@CATEGORY_IDS@}
local nouns = {"Polo", "Camisa", "Casaca", "Polera", "Blusa", "Vestido", "Mochila",
  "Cartera", "Olla", "Licuadora", "Cafetera", "Parlante", "Cojín", "Cortina", "Buzo"}
local styles = {"Clásico", "Urbano", "Básico", "Moderno", "Casual", "Deportivo",
  "Artesanal", "Compacto"}
local colours = {"Negro", "Blanco", "Azul", "Gris", "Beige", "Verde Oliva", "Vino"}

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer @TOKEN@"

local function pick(list)
  return list[math.random(#list)]
end

request = function()
  local name = string.format("%s %s %s Modelo %d", pick(nouns), pick(styles), pick(colours),
    math.random(1000, 99999))
  local body = string.format(
    '{"name":"%s","description":"%s. Ingreso de catálogo.","price":"%d.%02d",' ..
    '"stock":%d,"status":"active","category_id":%d,"vendor_id":%d,' ..
    '"images":["https://cdn.example.com/gamarriando/nuevo.jpg"],"tags":["nuevo"]}',
    name, name, math.random(5, 899), math.random(0, 99), math.random(0, 200),
    pick(categories), pick(vendors))
  return wrk.format("POST", "/api/v1/products", nil, body)
end
