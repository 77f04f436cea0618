package pages

// APIDocs is the API reference page: the OpenAPI document of /api/v1 as
// people read it. The spec's own text (summaries, descriptions) stays in
// the language it is written in; the page's words come from the catalogs.
type APIDocs struct {
	Title, Version string
	Intro          string // Markdown, the spec's info.description
	SpecURL        string
	Groups         []APIGroup
	Schemas        []APISchema
}

// APIGroup is the operations on one kind of record (the first segment of
// their paths).
type APIGroup struct {
	Name       string
	Operations []APIOperation
}

type APIOperation struct {
	ID, Method, Path, Summary string
	Description               string // Markdown
	Params                    []APIParam
	Body                      APIType // zero when the operation takes no body
	BodyType                  string  // its media type
	Responses                 []APIResponse
}

type APIParam struct {
	Name, Description string
	InKey             string // the catalog message naming where the parameter goes
	Required          bool
	Type              APIType
}

type APIResponse struct {
	Status      string // "" for any other status (the errors)
	Description string
	MediaType   string
	Type        APIType
}

// APIType is a schema as one line: a named schema links to its section.
type APIType struct {
	Ref    string // the named schema, if any
	Text   string // the spec's words: "string (date)", "integer (int64)"
	Enum   []string
	IsList bool // an array of what the other fields describe
}

type APISchema struct {
	Name, Description string
	Enum              []string
	Props             []APIProp
}

type APIProp struct {
	Name, Description, Example          string
	Type                                APIType
	Required, ReadOnly, WriteOnly, Null bool
}
