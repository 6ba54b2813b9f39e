package domain

import "testing"

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in      string
		cents   int64
		wantErr error
	}{
		{in: "29.99", cents: 2999},
		{in: "30", cents: 3000},
		{in: "0.1", cents: 10},
		{in: "0.10", cents: 10},
		{in: "0", cents: 0},
		{in: "000012.50", cents: 1250},
		{in: "99999999.99", cents: MaxMoneyCents},
		{in: "100000000", wantErr: errMoneyTooLarge},
		{in: "99999999.999", wantErr: errDecimalPrecision},
		{in: "1.999", wantErr: errDecimalPrecision},
		{in: "1.000", wantErr: errDecimalPrecision},
		{in: "-1", wantErr: errDecimalNegative},
		{in: "-0.01", wantErr: errDecimalNegative},
		{in: "-abc", wantErr: errDecimalFormat},
		{in: "", wantErr: errDecimalFormat},
		{in: "1e2", wantErr: errDecimalFormat},
		{in: "1.", wantErr: errDecimalFormat},
		{in: ".5", wantErr: errDecimalFormat},
		{in: "+1", wantErr: errDecimalFormat},
		{in: " 1", wantErr: errDecimalFormat},
		{in: "1/3", wantErr: errDecimalFormat},
		{in: "NaN", wantErr: errDecimalFormat},
		{in: "1234567890123456789012", wantErr: errDecimalFormat},
	}

	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseMoney(tt.in)
			if err != tt.wantErr {
				t.Fatalf("ParseMoney(%q) error = %v, want %v", tt.in, err, tt.wantErr)
			}

			if err == nil && got.Cents() != tt.cents {
				t.Fatalf("ParseMoney(%q) = %d cents, want %d", tt.in, got.Cents(), tt.cents)
			}
		})
	}
}

func TestMoneyString(t *testing.T) {
	tests := map[int64]string{0: "0.00", 5: "0.05", 10: "0.10", 2999: "29.99",
		MaxMoneyCents: "99999999.99"}

	for cents, want := range tests {
		m, err := MoneyFromCents(cents)
		if err != nil {
			t.Fatal(err)
		}

		if got := m.String(); got != want {
			t.Errorf("MoneyFromCents(%d).String() = %q, want %q", cents, got, want)
		}

		back, err := ParseMoney(m.String())
		if err != nil || back != m {
			t.Errorf("round trip of %q gave %v, %v", want, back, err)
		}
	}
}

func TestParseRating(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"0", 0, true}, {"4.5", 450, true}, {"5.00", 500, true}, {"5.01", 0, false},
		{"-0.5", 0, false}, {"4.555", 0, false}, {"abc", 0, false},
	}

	for _, tt := range tests {
		r, err := ParseRating(tt.in)
		if (err == nil) != tt.ok || (tt.ok && r.Hundredths() != tt.want) {
			t.Errorf("ParseRating(%q) = %d, %v; want %d, ok=%v", tt.in, r.Hundredths(), err,
				tt.want, tt.ok)
		}
	}
}
