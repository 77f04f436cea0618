package notionfake

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// apiError is an error the fake answers with, in Notion's error envelope.
type apiError struct {
	Status  int
	Code    string
	Message string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

func validationErr(format string, args ...any) *apiError {
	return &apiError{http.StatusBadRequest, "validation_error", fmt.Sprintf(format, args...)}
}

// bodyErr formats the "body failed validation" messages Notion derives from its request schema.
func bodyErr(format string, args ...any) *apiError {
	return validationErr("body failed validation: "+format, args...)
}

func tooLong(path string, limit, got int) *apiError {
	return bodyErr("%s.length should be ≤ `%d`, instead was `%d`.", path, limit, got)
}

func notFound(kind, id string) *apiError {
	return &apiError{http.StatusNotFound, "object_not_found", fmt.Sprintf(
		"Could not find %s with ID: %s. Make sure the relevant pages and databases are shared with your integration.", kind, id)}
}

var (
	errInvalidJSON   = &apiError{http.StatusBadRequest, "invalid_json", "Error parsing JSON body."}
	errInvalidURL    = &apiError{http.StatusBadRequest, "invalid_request_url", "Invalid request URL."}
	errUnauthorized  = &apiError{http.StatusUnauthorized, "unauthorized", "API token is invalid."}
	errMissingVer    = &apiError{http.StatusBadRequest, "missing_version", "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`."}
	errRateLimited   = &apiError{http.StatusTooManyRequests, "rate_limited", "You have been rate limited. Please try again in a few minutes."}
	errArchived      = validationErr("Can't edit block that is archived. You must unarchive the block before editing.")
	errMultiSource   = validationErr("Databases with multiple data sources are not supported in this API version.")
	errBodyTooLarge  = validationErr("body failed validation: request body size should be ≤ `500000` bytes.")
	errTooManyBlocks = validationErr("body failed validation: request should contain ≤ `1000` block elements.")
)

// errorForStatus is the body Notion sends with an injected infrastructure status.
func errorForStatus(status int) *apiError {
	switch status {
	case http.StatusBadRequest:
		return validationErr("body failed validation.")
	case http.StatusNotFound:
		return &apiError{status, "object_not_found", "Could not find the object. Make sure the relevant pages and databases are shared with your integration."}
	case http.StatusTooManyRequests:
		return errRateLimited
	case http.StatusConflict:
		return &apiError{status, "conflict_error", "Conflict occurred while saving. Please try again."}
	case http.StatusBadGateway:
		return &apiError{status, "bad_gateway", "Notion encountered an issue while attempting to complete this request. Please try again."}
	case http.StatusServiceUnavailable:
		return &apiError{status, "service_unavailable", "Notion is unavailable, please try again later."}
	case http.StatusGatewayTimeout:
		return &apiError{status, "gateway_timeout", "Notion timed out while attempting to complete this request. Please try again later."}
	default:
		return &apiError{status, "internal_server_error", "Unexpected error occurred."}
	}
}

func writeJSON(w http.ResponseWriter, status int, requestID string, body map[string]any) {
	body["request_id"] = requestID
	data, err := json.Marshal(body)
	if err != nil {
		status = http.StatusInternalServerError
		data = []byte(`{"object":"error","status":500,"code":"internal_server_error","message":"Unexpected error occurred.","request_id":"` + requestID + `"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

func writeError(w http.ResponseWriter, requestID string, e *apiError) {
	writeJSON(w, e.Status, requestID, map[string]any{
		"object": "error", "status": e.Status, "code": e.Code, "message": e.Message,
	})
}
