package notionfake

import (
	"fmt"
	"slices"
)

// Share connects a page or database to the integration whose bot user is botID, as a
// person does with "Add connections" in Notion: the integration then sees the object and
// everything below it, including what is created there later.
func (f *Fake) Share(objectID, botID string) error {
	return f.changeSharing(objectID, botID, (*workspace).share)
}

// Unshare removes a connection made by Share or CreateSharedPage. Access inherited from a
// shared ancestor stays (unshare the ancestor instead); unsharing an object that was not
// shared directly is an error, so a test cannot silently unshare nothing.
func (f *Fake) Unshare(objectID, botID string) error {
	return f.changeSharing(objectID, botID, (*workspace).unshare)
}

// CanAccess reports whether the integration botID can see a page, database or block.
func (f *Fake) CanAccess(botID, objectID string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ws.canSee(mustNormalize(botID), mustNormalize(objectID))
}

func (f *Fake) changeSharing(objectID, botID string, change func(*workspace, string, string) error) error {
	obj, ok1 := normalizeID(objectID)
	bot, ok2 := normalizeID(botID)
	if !ok1 || !ok2 {
		return fmt.Errorf("notionfake: invalid ID in %q, %q", objectID, botID)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := change(f.ws, obj, bot); err != nil {
		return err
	}
	if f.onWrite != nil {
		f.onWrite()
	}
	return nil
}

// maxAncestors bounds the walk up the parent chain, so a corrupt state file with a
// parent cycle cannot hang a request.
const maxAncestors = 1000

// canSee reports whether actor may see the page, database or block id. People see the
// whole workspace; an integration sees what a person shared with it and everything below
// that (child pages, child databases and their rows, blocks), as in Notion.
func (w *workspace) canSee(actor, id string) bool {
	if u := w.userByID(actor); u != nil && u.Type == "person" {
		return true
	}
	for range maxAncestors {
		if slices.Contains(w.Shares[id], actor) {
			return true
		}
		r := w.recordOf(id)
		if r == nil || r.Parent.Type == "workspace" || r.Parent.Type == "" {
			return false
		}
		id = r.Parent.ID
	}
	return false
}

func (w *workspace) share(objectID, botID string) error {
	if err := w.checkShareable(objectID, botID); err != nil {
		return err
	}
	if !slices.Contains(w.Shares[objectID], botID) {
		w.Shares[objectID] = append(w.Shares[objectID], botID)
	}
	return nil
}

func (w *workspace) unshare(objectID, botID string) error {
	if err := w.checkShareable(objectID, botID); err != nil {
		return err
	}
	if !slices.Contains(w.Shares[objectID], botID) {
		// An inherited connection is removed on the ancestor that holds it.
		return fmt.Errorf("notionfake: %s is not shared with %s directly", objectID, botID)
	}
	w.Shares[objectID] = slices.DeleteFunc(w.Shares[objectID], func(b string) bool { return b == botID })
	if len(w.Shares[objectID]) == 0 {
		delete(w.Shares, objectID)
	}
	return nil
}

// checkShareable accepts a page or database and an integration's bot user.
func (w *workspace) checkShareable(objectID, botID string) error {
	if w.Pages[objectID] == nil && w.Databases[objectID] == nil {
		return fmt.Errorf("notionfake: no page or database %s (only those can be shared)", objectID)
	}
	if u := w.userByID(botID); u == nil || u.Type != "bot" {
		return fmt.Errorf("notionfake: %s is not an integration's bot user", botID)
	}
	return nil
}

// shareWithAllBots shares an object with every integration that exists now.
func (w *workspace) shareWithAllBots(objectID string) {
	for _, u := range w.Users {
		if u.Type == "bot" {
			_ = w.share(objectID, u.ID)
		}
	}
}
