package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestAPIListsTakeAnyOffset: an offset far beyond the data (the largest
// the API accepts) answers an empty last page on every list, not a 500.
func TestAPIListsTakeAnyOffset(t *testing.T) {
	e := newEnv(t)
	api := e.api()
	api.call("POST", "/series", `{"name":"Weekly","schedule":"0 10 * * MON"}`, nil)
	for _, list := range []string{"series", "meetings", "agendas", "decisions", "tasks", "ladrs"} {
		var p struct {
			Items      []record
			NextOffset *int    `json:"next_offset"`
			NextCursor *string `json:"next_cursor"`
		}
		path := "/" + list + "?offset=9223372036854775807"
		if st := api.call("GET", path, "", &p); st != http.StatusOK || len(p.Items) != 0 || p.NextOffset != nil || p.NextCursor != nil {
			t.Errorf("GET %s: %d, %d items, next %v %v; want 200 and an empty last page", path, st, len(p.Items), p.NextOffset, p.NextCursor)
		}
	}
	var bad apiError
	if st := api.call("GET", "/tasks?offset=9223372036854775808", "", &bad); st != http.StatusBadRequest || bad.Error.Field != "offset" {
		t.Errorf("an offset past the largest number: %d %+v, want 400 naming offset", st, bad)
	}
}

// TestAPICursorPaging pages through a list with next_cursor and checks
// it meets every record once; a cursor with an offset, or one the API did
// not give out, is refused with a message naming it.
func TestAPICursorPaging(t *testing.T) {
	e := newEnv(t)
	api := e.api()
	for i := 0; i < 5; i++ {
		api.call("POST", "/series", fmt.Sprintf(`{"name":"s%d","schedule":"0 10 * * MON"}`, i), nil)
	}
	var seen []string
	cursor := ""
	for pages := 1; ; pages++ {
		var p struct {
			Items      []record
			NextOffset *int    `json:"next_offset"`
			NextCursor *string `json:"next_cursor"`
		}
		path := "/series?limit=2"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		if st := api.call("GET", path, "", &p); st != http.StatusOK {
			t.Fatalf("GET %s: %d", path, st)
		}
		for _, r := range p.Items {
			seen = append(seen, fmt.Sprint(r["name"]))
		}
		if cursor != "" && p.NextOffset != nil {
			t.Errorf("a page asked for by cursor gave next_offset %d", *p.NextOffset)
		}
		if p.NextCursor == nil {
			if pages != 3 {
				t.Errorf("5 items in pages of 2 took %d pages, want 3", pages)
			}
			break
		}
		cursor = *p.NextCursor
	}
	if strings.Join(seen, ",") != "s0,s1,s2,s3,s4" {
		t.Fatalf("paged through %v", seen)
	}
	var bad apiError
	if st := api.call("GET", "/series?cursor="+cursor+"&offset=2", "", &bad); st != http.StatusBadRequest || bad.Error.Field != "cursor" {
		t.Errorf("cursor with offset: %d %+v", st, bad)
	}
	if st := api.call("GET", "/tasks?cursor=not-a-task", "", &bad); st != http.StatusBadRequest || bad.Error.Field != "cursor" {
		t.Errorf("unknown cursor: %d %+v", st, bad)
	}
}
