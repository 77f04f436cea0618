package server_test

import (
	"net/url"
	"regexp"
	"testing"
)

// TestInviteLinkAndCalendarAddressesHaveCopyButtons: each one-time address
// shown to copy has a button that copies that very text box.
func TestInviteLinkAndCalendarAddressesHaveCopyButtons(t *testing.T) {
	e := newEnv(t)
	e.seedMeeting("Weekly")
	b := e.login()
	copyOf := func(page, id string) bool {
		return regexp.MustCompile(`<input type="text" class="secret" readonly value="[^"]+"[^>]*id="`+id+`"`).MatchString(page) &&
			regexp.MustCompile(`<button type="button" class="copy js-only" data-copy="`+id+`"`).MatchString(page)
	}
	_, page := b.submit("/admin/invites", url.Values{"email": {"mio@example.com"}, "name": {"Mio"}, "role": {"member"}})
	if !copyOf(page, "new-link") {
		t.Errorf("the invite link has no copy button:\n%s", page)
	}
	_, page = b.submit("/settings/calendar", url.Values{})
	for _, id := range []string{"calendar-url-0", "calendar-url-1"} {
		if !copyOf(page, id) {
			t.Errorf("calendar address %s has no copy button:\n%s", id, page)
		}
	}
}
