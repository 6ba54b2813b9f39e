package lambdaapi

import (
	"encoding/json"
	"net/http"
)

// problemTypeBase matches the router's problem types, so a client sees one family of
// problems whether the router or this adapter answered.
const problemTypeBase = "urn:gamarriando:problem:"

// problem is an RFC 9457 problem details body for the failures this package answers
// itself, around the router. Its fields are the router's.
type problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	Instance  string `json:"instance,omitempty"`
	RequestID string `json:"request_id"`
}

func mismatchProblem(want, got Source) problem {
	return problem{
		Type:   problemTypeBase + "event-source-mismatch",
		Title:  "Lambda event source mismatch",
		Status: http.StatusInternalServerError,
		Detail: "this function expects events from " + want.describe() +
			" but received one from " + got.describe(),
	}
}

func malformedProblem() problem {
	return problem{
		Type:   problemTypeBase + "malformed-request",
		Title:  "Malformed request",
		Status: http.StatusBadRequest,
		Detail: "the request could not be read from the Lambda event",
	}
}

func internalProblem() problem {
	return problem{
		Type:   problemTypeBase + "internal",
		Title:  "Internal server error",
		Status: http.StatusInternalServerError,
		Detail: "an unexpected error occurred; quote the request_id when reporting it",
	}
}

// writeProblem writes p as the whole response and returns its status.
func writeProblem(w http.ResponseWriter, p problem, requestID string) int {
	p.RequestID = requestID
	body, err := json.Marshal(p)
	if err != nil {
		body = []byte(`{"type":"` + problemTypeBase + `internal","status":500}`)
	}

	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set(RequestIDHeader, requestID)
	w.WriteHeader(p.Status)
	_, _ = w.Write(body)

	return p.Status
}
