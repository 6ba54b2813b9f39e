package domain

import (
	"errors"
	"strconv"
	"strings"
)

// Errors returned when a two-decimal amount cannot be parsed. Their text is written for
// the client: it ends up as the message of a field error.
var (
	errDecimalFormat    = errors.New("must be a decimal number such as 29.99")
	errDecimalPrecision = errors.New("must have at most two decimals")
	errDecimalNegative  = errors.New("must not be negative")
)

// maxDecimalDigits bounds the integer part before any arithmetic, so a string of a
// million digits is rejected without being converted.
const maxDecimalDigits = 15

// parseHundredths reads a non-negative decimal with at most two fraction digits, such as
// "29", "29.9" or "29.99", and returns it in hundredths. It works on the text itself,
// never through float64, so "0.1" is exactly 10. Exponents, signs other than a leading
// minus (reported as negative), spaces and fractions like "1/3" are format errors.
func parseHundredths(s string) (int64, error) {
	if strings.HasPrefix(s, "-") {
		if _, err := parseHundredths(s[1:]); err == nil {
			return 0, errDecimalNegative
		}

		return 0, errDecimalFormat
	}

	whole, frac, hasPoint := strings.Cut(s, ".")
	if whole == "" || !allDigits(whole) || (hasPoint && (frac == "" || !allDigits(frac))) {
		return 0, errDecimalFormat
	}

	whole = strings.TrimLeft(whole, "0")
	if len(whole) > maxDecimalDigits {
		return 0, errDecimalFormat
	}

	if len(frac) > 2 {
		return 0, errDecimalPrecision
	}

	units := int64(0)
	if whole != "" {
		var err error
		if units, err = strconv.ParseInt(whole, 10, 64); err != nil {
			return 0, errDecimalFormat
		}
	}

	frac = (frac + "00")[:2]
	cents, _ := strconv.ParseInt(frac, 10, 64)

	return units*100 + cents, nil
}

// formatHundredths writes hundredths as a decimal with exactly two fraction digits.
func formatHundredths(v int64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}

	return sign + strconv.FormatInt(v/100, 10) + "." + twoDigits(v%100)
}

func twoDigits(v int64) string {
	if v < 10 {
		return "0" + strconv.FormatInt(v, 10)
	}

	return strconv.FormatInt(v, 10)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}

	return true
}
