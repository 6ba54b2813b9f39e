package domain

import "errors"

// MaxRating is 5.00 in hundredths.
const MaxRating = 500

var errRatingRange = errors.New("must be between 0.00 and 5.00")

// Rating is a vendor's score from 0.00 to 5.00, kept exactly in hundredths like Money.
type Rating struct {
	hundredths int
}

// ParseRating reads a rating written as a decimal with at most two fraction digits.
func ParseRating(s string) (Rating, error) {
	v, err := parseHundredths(s)
	if err != nil {
		if errors.Is(err, errDecimalNegative) {
			return Rating{}, errRatingRange
		}

		return Rating{}, err
	}

	return RatingFromHundredths(v)
}

// RatingFromHundredths builds a rating from its stored form.
func RatingFromHundredths(v int64) (Rating, error) {
	if v < 0 || v > MaxRating {
		return Rating{}, errRatingRange
	}

	return Rating{hundredths: int(v)}, nil
}

// Hundredths is the stored form: 450 for 4.50.
func (r Rating) Hundredths() int { return r.hundredths }

// String is the rating with two decimals, as the API returns it.
func (r Rating) String() string { return formatHundredths(int64(r.hundredths)) }
