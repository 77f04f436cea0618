package server

import (
	"net/http"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/templates/i18n"
)

// What errors say in the person's language. The store and kaigi's own
// checks write their messages in English, naming the limit or the value;
// English pages and the JSON API show those words. Pages in another
// language show the catalog's message for the error's code and field, else
// the code's.

// fieldMessages are the catalog messages of errors by code and field.
var fieldMessages = map[data.Code]map[string]string{
	data.EINVALID: {
		"title": "error.field.title", "name": "error.field.name", "email": "error.field.email",
		"assignee": "room.error_assignee",
		"password": "error.field.password", "due": "error.field.due", "schedule": "error.field.schedule",
		"time_zone": "error.field.time_zone", "state": "error.field.state", "priority": "error.field.priority",
		"series_id": "error.field.series_id", "agenda_id": "error.field.agenda_id", "meeting_id": "error.field.meeting_id",
		"assignee_id": "error.field.assignee_id", "cursor": "error.field.cursor", "lang": "error.field.lang",
		"role": "error.field.role", "digest_hour": "error.field.digest_hour", "password2": "error.field.password2",
		"date": "error.field.date", "time": "error.field.time",
		"body": "error.field.body", "day": "error.field.day", "from": "error.field.from",
		"to": "error.field.to", "repeat": "error.field.repeat", "decided_on": "error.field.decided_on",
		"review_by": "error.field.review_by", "superseded_by": "error.field.superseded_by", "supersedes": "error.field.supersedes",
		"authors": "error.field.authors", "pr_url": "error.field.pr_url", "extra": "error.field.extra", "keep": "error.field.keep",
		"current_password": "password_change.wrong_current",
		"q":                "error.search.too_long",
		"proposed_by":      "backlog.error.proposed_by", "standing_items": "standing.error.items", "priority_words": "priority_words.error",
	},
	data.ECONFLICT: {
		"email": "error.field.email_taken", "revision": "error.field.revision", "starts_at": "error.field.starts_at",
		"last_admin": "error.field.last_admin", "person_id": "error.field.deactivated", "notes": "meeting.notes_conflict",
		"agenda_id": "next.error.agenda_elsewhere",
	},
	data.EBADREQUEST: {"cursor": "error.field.cursor", "lang": "error.field.lang", "q": "api.error.q", "entity": "api.error.entity", "state": "error.field.state"},
	data.EFORBIDDEN:  {"csrf": "error.field.csrf", "origin": "error.field.origin"},
	data.ENOTFOUND:   {"token": "error.field.token", "setup": "first_run.used"},
}

// codeMessages are the catalog messages of errors by code alone.
var codeMessages = map[data.Code]string{
	data.EINVALID: "error.code.invalid", data.ENOTFOUND: "error.code.not_found", data.ECONFLICT: "error.code.conflict",
	data.EUNAUTHORIZED: "error.code.unauthorized", data.EFORBIDDEN: "error.code.forbidden", data.ETOOMANY: "error.code.too_many",
	data.EBADREQUEST: "api.error.bad_request",
	data.EFULL:       "error.full.message",
}

// errorTitles head the error page, by code.
var errorTitles = map[data.Code]string{
	data.EINVALID: "error.title.invalid", data.ENOTFOUND: "error.title.not_found", data.ECONFLICT: "error.title.conflict",
	data.EUNAUTHORIZED: "error.title.unauthorized", data.EFORBIDDEN: "error.title.forbidden", data.ETOOMANY: "error.title.too_many",
	data.EINTERNAL: "error.title.internal", data.EBADREQUEST: "error.title.bad_request", data.EFULL: "error.full.title",
}

// statusMessages are what kaigi says for the HTTP errors echo raises.
var statusMessages = map[int]string{
	http.StatusNotFound: "error.page_not_found", http.StatusMethodNotAllowed: "error.page_not_found",
	http.StatusRequestEntityTooLarge: "error.too_large", http.StatusBadRequest: "error.bad_form",
}

// translated is an error's message in t's language: English keeps the
// message as written (english), other languages take the catalog's.
func translated(t *i18n.T, code data.Code, field, english string) string {
	if t.Lang() == i18n.English && english != "" {
		return english
	}
	if id, ok := fieldMessages[code][field]; ok {
		return t.S(id)
	}
	if id, ok := codeMessages[code]; ok {
		return t.S(id)
	}
	return t.S("error.internal")
}

// errorTitle heads the error page of a status.
func errorTitle(t *i18n.T, status int, code data.Code) string {
	switch status {
	case http.StatusRequestEntityTooLarge:
		return t.S("error.title.too_large")
	case http.StatusBadRequest:
		return t.S("error.title.bad_request")
	}
	if id, ok := errorTitles[code]; ok {
		return t.S(id)
	}
	return t.S("error.title.internal")
}
