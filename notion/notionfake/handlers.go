package notionfake

import "net/url"

// Route handlers: decode path and body, call the workspace, render the result.

func handleMe(c *call) (map[string]any, *apiError) {
	u := c.ws.userByID(c.actor)
	if u == nil {
		return nil, errUnauthorized
	}
	return c.ws.renderUser(u), nil
}

func handleListUsers(c *call) (map[string]any, *apiError) {
	size, err := queryPageSize(c.query.Get("page_size"), "query")
	if err != nil {
		return nil, err
	}
	results, next, err := paginateByID(c.ws.listUsers(), c.query.Get("start_cursor"), size, "query")
	if err != nil {
		return nil, err
	}
	return listEnvelope(results, next, "user"), nil
}

func handleGetUser(c *call) (map[string]any, *apiError) {
	id, err := c.pathID(0, "user_id")
	if err != nil {
		return nil, err
	}
	u := c.ws.userByID(id)
	if u == nil {
		return nil, notFound("user", id)
	}
	return c.ws.renderUser(u), nil
}

func handleCreateDatabase(c *call) (map[string]any, *apiError) {
	d, err := c.ws.createDatabase(c.body, c.actor, c.now)
	if err != nil {
		return nil, err
	}
	return c.ws.renderDatabase(d), nil
}

func handleGetDatabase(c *call) (map[string]any, *apiError) {
	d, err := c.database(0)
	if err != nil {
		return nil, err
	}
	if c.ws.refusesOld(d) {
		return nil, errMultiSource
	}
	return c.ws.renderDatabase(d), nil
}

func handleUpdateDatabase(c *call) (map[string]any, *apiError) {
	d, err := c.database(0)
	if err != nil {
		return nil, err
	}
	if c.ws.refusesOld(d) {
		return nil, errMultiSource
	}
	if _, has := c.body["properties"]; has && c.sources {
		// At 2025-09-03 the schema belongs to the data sources ("Update a data source").
		return nil, bodyErr("body.properties should be not present, instead was `%s`.", compact(c.body["properties"]))
	}
	if err := c.ws.updateDatabase(d, c.body, c.actor, c.now); err != nil {
		return nil, err
	}
	return c.ws.renderDatabase(d), nil
}

func handleQueryDatabase(c *call) (map[string]any, *apiError) {
	d, err := c.database(0)
	if err != nil {
		return nil, err
	}
	if err := c.ws.checkQueryProps(c.actor, d, c.body); err != nil {
		return nil, err
	}
	return c.ws.queryDatabase(d, c.body, c.now)
}

func handleCreatePage(c *call) (map[string]any, *apiError) {
	p, err := c.ws.createPage(c.body, c.actor, c.now)
	if err != nil {
		return nil, err
	}
	return c.ws.renderPage(p), nil
}

func handleGetPage(c *call) (map[string]any, *apiError) {
	p, err := c.page(0)
	if err != nil {
		return nil, err
	}
	return c.ws.renderPage(p), nil
}

func handleUpdatePage(c *call) (map[string]any, *apiError) {
	p, err := c.page(0)
	if err != nil {
		return nil, err
	}
	if err := c.ws.updatePage(p, c.body, c.actor, c.now); err != nil {
		return nil, err
	}
	return c.ws.renderPage(p), nil
}

func handleGetPropertyItem(c *call) (map[string]any, *apiError) {
	p, err := c.page(0)
	if err != nil {
		return nil, err
	}
	propID, _ := url.PathUnescape(c.params[1])
	for _, s := range c.ws.visibleSchema(c.actor, c.ws.pageSchema(p)) {
		if unescaped, _ := url.QueryUnescape(s.ID); s.ID == propID || unescaped == propID {
			return c.ws.renderPropertyItem(p, s, c.query)
		}
	}
	return nil, validationErr("%s is not a property that exists.", c.params[1])
}

// block resolves a block path parameter; pages and databases are blocks too.
func (c *call) block(i int) (string, *apiError) {
	id, err := c.pathID(i, "block_id")
	if err != nil {
		return "", err
	}
	if c.ws.recordOf(id) == nil || !c.ws.canSee(c.actor, id) {
		return "", notFound("block", id)
	}
	return id, nil
}

func handleGetBlock(c *call) (map[string]any, *apiError) {
	id, err := c.block(0)
	if err != nil {
		return nil, err
	}
	return c.ws.renderAsBlock(id), nil
}

func handleUpdateBlock(c *call) (map[string]any, *apiError) {
	id, err := c.block(0)
	if err != nil {
		return nil, err
	}
	switch {
	case c.ws.Pages[id] != nil:
		err = c.ws.updatePage(c.ws.Pages[id], trashOnly(c.body), c.actor, c.now)
	case c.ws.Databases[id] != nil:
		err = c.ws.updateDatabase(c.ws.Databases[id], trashOnly(c.body), c.actor, c.now)
	default:
		err = c.ws.updateBlock(c.ws.Blocks[id], c.body, c.actor, c.now)
	}
	if err != nil {
		return nil, err
	}
	return c.ws.renderAsBlock(id), nil
}

// trashOnly keeps the trash flags of a block update aimed at a page or database.
func trashOnly(body map[string]any) map[string]any {
	out := map[string]any{}
	for _, k := range []string{"archived", "in_trash"} {
		if v, ok := body[k]; ok {
			out[k] = v
		}
	}
	return out
}

func handleDeleteBlock(c *call) (map[string]any, *apiError) {
	id, err := c.block(0)
	if err != nil {
		return nil, err
	}
	if err := c.ws.trashAny(id, c.actor, c.now); err != nil {
		return nil, err
	}
	return c.ws.renderAsBlock(id), nil
}

func handleListChildren(c *call) (map[string]any, *apiError) {
	id, err := c.block(0)
	if err != nil {
		return nil, err
	}
	size, err := queryPageSize(c.query.Get("page_size"), "query")
	if err != nil {
		return nil, err
	}
	results, next, err := paginateByID(c.ws.listChildren(id), c.query.Get("start_cursor"), size, "query")
	if err != nil {
		return nil, err
	}
	return listEnvelope(results, next, "block"), nil
}

func handleAppendChildren(c *call) (map[string]any, *apiError) {
	id, err := c.block(0)
	if err != nil {
		return nil, err
	}
	ids, err := c.ws.appendChildren(id, c.body, c.actor, c.now)
	if err != nil {
		return nil, err
	}
	results := make([]any, len(ids))
	for i, bid := range ids {
		results[i] = c.ws.renderAsBlock(bid)
	}
	return listEnvelope(results, nil, "block"), nil
}

func handleSearch(c *call) (map[string]any, *apiError) {
	return c.ws.search(c.body, c.actor)
}
