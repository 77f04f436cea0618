package notion

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// People are matched by email. A Notion user kaigi does not know, and a
// kaigi person with no Notion account, are each one standing problem; the
// field shows no one on the side that cannot name them, and kaigi never
// writes a value it cannot make hold (no write every cycle).

// directoryTTL is how long the workspace's user list is trusted: new
// Notion members are seen within the hour, at one request an hour at most.
const directoryTTL = time.Hour

// directory is the workspace's people by user ID.
func (e *Engine) directory(ctx context.Context) (map[string]api.Person, error) {
	if e.people != nil && e.clock.Now().Sub(e.peopleAt) < directoryTTL {
		return e.people, nil
	}
	list, err := e.client.People(ctx)
	if stop(err) {
		return nil, err
	}
	e.peopleAt = e.clock.Now()
	if err != nil {
		e.problem(ctx, syncdb.Problem{Key: "users", Kind: "users", Message: "kaigi cannot list the Notion workspace's users: " + userMessage(err),
			Fix: "give the integration the \"read user information including email\" capability"})
		if e.people == nil {
			e.people = map[string]api.Person{}
		}
		return e.people, nil
	}
	e.people = map[string]api.Person{}
	for _, p := range list {
		e.people[p.ID] = p
	}
	return e.people, e.clearProblem(ctx, "users")
}

// personByNotionUser maps a Notion user to a kaigi person by email; "" for
// a user kaigi cannot match, who is one standing problem. The pages that
// named them are read again once kaigi knows them (see retryPeople).
func (e *Engine) personByNotionUser(ctx context.Context, userID, email, pageID string) (string, error) {
	key := notionUserKey + userID
	if email == "" {
		dir, err := e.directory(ctx)
		if err != nil {
			return "", err
		}
		email = dir[userID].Email
	}
	if email == "" {
		return "", e.retryProblem(ctx, syncdb.Problem{Key: key, Kind: "people", Waiting: []string{pageID},
			Message: fmt.Sprintf("Notion user %s shows no email, so kaigi cannot match them to a person", userID),
			Fix:     "give the integration the \"read user information including email\" capability"})
	}
	p, err := e.store.PersonByEmail(ctx, email)
	if data.ErrorCode(err) == data.ENOTFOUND {
		return "", e.retryProblem(ctx, syncdb.Problem{Key: key, Kind: "people", Waiting: []string{pageID},
			Message: fmt.Sprintf("Notion person %s is not a kaigi person, so kaigi shows no one where Notion names them", email),
			Fix:     "add them in kaigi with that email"})
	}
	if err != nil {
		return "", err
	}
	return string(p.ID), e.clearProblem(ctx, key)
}

// notionUserOf finds the Notion user of a kaigi person by email; "" for a
// person without one, who is one standing problem. waiting names the
// record ("push:entity:id") to push once the person has an account.
func (e *Engine) notionUserOf(ctx context.Context, id data.PersonID, waiting string) (string, error) {
	key := kaigiPersonKey + string(id)
	p, err := e.store.Person(ctx, id)
	if data.ErrorCode(err) == data.ENOTFOUND {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if p.Email == "" {
		return "", e.retryProblem(ctx, syncdb.Problem{Key: key, Kind: "people", Waiting: waitingFor(waiting),
			Message: fmt.Sprintf("kaigi person %s has no email, so Notion shows no one where kaigi names them", p.Name),
			Fix:     "give them, in kaigi, the email they use in Notion"})
	}
	dir, err := e.directory(ctx)
	if err != nil {
		return "", err
	}
	for _, u := range dir {
		if strings.EqualFold(u.Email, p.Email) {
			return u.ID, e.clearProblem(ctx, key)
		}
	}
	return "", e.retryProblem(ctx, syncdb.Problem{Key: key, Kind: "people", Waiting: waitingFor(waiting),
		Message: fmt.Sprintf("kaigi person %s (%s) has no Notion account with that email, so Notion shows no one where kaigi names them", p.Name, p.Email),
		Fix:     "invite " + p.Email + " to the Notion workspace, or give them, in kaigi, the email they use in Notion"})
}

const (
	notionUserKey  = "notion-user:"
	kaigiPersonKey = "person:"
)

func waitingFor(w string) []string {
	if w == "" {
		return nil
	}
	return []string{w}
}

// retryPeople looks again, without a request (the user list is read at
// most hourly), whether a people problem is solved: a Notion user now a
// kaigi person, a kaigi person now in Notion. Solved, it clears, and what
// waited for it follows: its pages are read again, its records pushed.
func (e *Engine) retryPeople(ctx context.Context, p syncdb.Problem) error {
	solved := false
	switch {
	case strings.HasPrefix(p.Key, notionUserKey):
		dir, err := e.directory(ctx)
		if err != nil {
			return err
		}
		if email := dir[strings.TrimPrefix(p.Key, notionUserKey)].Email; email != "" {
			_, err := e.store.PersonByEmail(ctx, email)
			solved = err == nil
		}
	case strings.HasPrefix(p.Key, kaigiPersonKey):
		uid, err := e.notionUserOf(ctx, data.PersonID(strings.TrimPrefix(p.Key, kaigiPersonKey)), "")
		if err != nil {
			return err
		}
		solved = uid != ""
	default:
		return nil
	}
	if solved {
		return e.clearProblem(ctx, p.Key)
	}
	return e.retryProblem(ctx, p)
}
