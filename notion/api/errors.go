package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// APIError is an error answer of the Notion API.
type APIError struct {
	Status  int
	Code    string
	Message string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("Notion answered %d %s: %s", e.Status, e.Code, e.Message)
}

// ConfigError is a problem a person must fix in Notion or in kaigi's
// configuration: a bad token, a missing or unshared database, a database with
// several data sources, a mapping that no longer fits the schema. The
// message says what to do; Field names the setting or property when known.
type ConfigError struct {
	Field   string
	Message string
}

func (e *ConfigError) Error() string { return e.Message }

// Explain turns an API error about a database or page into the one clear
// message a person sees; other errors pass through unchanged.
func Explain(err error, what, id string) error {
	var api *APIError
	if !errors.As(err, &api) {
		return err
	}
	switch {
	case api.Status == http.StatusUnauthorized:
		return &ConfigError{Field: "token", Message: "Notion rejected the integration token; check KAIGI_NOTION_TOKEN (an internal integration secret from notion.so/my-integrations)"}
	case api.Code == "restricted_resource" || api.Status == http.StatusForbidden:
		return &ConfigError{Field: what, Message: fmt.Sprintf("the integration may not read %s %s; give it read, update and insert content capabilities", what, id)}
	case api.Status == http.StatusNotFound:
		return &ConfigError{Field: what, Message: fmt.Sprintf("%s %s does not exist or is not shared with the integration; in Notion open it, choose ··· → Connections and add the integration", what, id)}
	case strings.Contains(api.Message, "multiple data sources"):
		return &ConfigError{Field: what, Message: fmt.Sprintf("%s %s "+severalSources+", which Notion API version 2022-06-28 cannot sync; name the one kaigi syncs with 'kaigi notion adopt --data-source SOURCE_ID'", what, id)}
	}
	return err
}

const severalSources = "has several data sources"

// IsNotFound reports Notion's 404: the object is gone or not shared with the integration.
func IsNotFound(err error) bool {
	var api *APIError
	return errors.As(err, &api) && api.Status == http.StatusNotFound
}

// Refused reports an answer from Notion that the request was not applied;
// a gateway timeout (504) may have been.
func Refused(err error) bool {
	var api *APIError
	return errors.As(err, &api) && api.Status != http.StatusGatewayTimeout
}

// IsArchived recognises Notion's refusal to edit a page in the trash.
func IsArchived(err error) bool {
	var api *APIError
	return errors.As(err, &api) && api.Status == http.StatusBadRequest && strings.Contains(api.Message, "archived")
}
