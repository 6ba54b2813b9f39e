package domain

import (
	"errors"
	"fmt"
)

// MaxMoneyCents is the largest price the catalog stores: 99999999.99, the limit of the
// DECIMAL(10,2) column of the original schema.
const MaxMoneyCents int64 = 9_999_999_999

var errMoneyTooLarge = errors.New("must be at most 99999999.99")

// Money is an exact, non-negative amount in cents. Prices never pass through float64:
// they are parsed from their decimal text and stored as an integer number of cents.
// The zero value is 0.00.
type Money struct {
	cents int64
}

// ParseMoney reads a price written as a decimal, such as "29.99" or "30". The text may
// come from a JSON string or from the literal digits of a JSON number.
func ParseMoney(s string) (Money, error) {
	cents, err := parseHundredths(s)
	if err != nil {
		return Money{}, err
	}

	return MoneyFromCents(cents)
}

// MoneyFromCents builds an amount from cents read back from storage.
func MoneyFromCents(cents int64) (Money, error) {
	if cents < 0 {
		return Money{}, errDecimalNegative
	}

	if cents > MaxMoneyCents {
		return Money{}, errMoneyTooLarge
	}

	return Money{cents: cents}, nil
}

// MustMoney is ParseMoney for literals in seeds and tests; it panics on a bad literal.
func MustMoney(s string) Money {
	m, err := ParseMoney(s)
	if err != nil {
		panic(fmt.Sprintf("domain: bad money literal %q: %v", s, err))
	}

	return m
}

// Cents is the amount in cents, the unit the database stores.
func (m Money) Cents() int64 { return m.cents }

// String is the amount with exactly two decimals, the form the API returns.
func (m Money) String() string { return formatHundredths(m.cents) }
