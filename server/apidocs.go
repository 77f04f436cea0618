package server

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"github.com/kaigi-dev/kaigi/templates/pages"
)

// The API reference page renders the embedded OpenAPI document with
// kaigi's own templates and stylesheet: no CDN, so it works offline and
// behind any firewall. kin-openapi reads the document (the same library
// the tests validate every API exchange with), so the page shows what the
// contract says, references resolved.

// paramPlaces name where a parameter goes, by the spec's "in".
var paramPlaces = map[string]string{
	"query": "api.docs.in_query", "path": "api.docs.in_path", "header": "api.docs.in_header",
}

// loadAPIDocs reads the embedded spec into the page's view model; a spec
// that does not load is a build mistake, reported when the server starts.
func loadAPIDocs() (pages.APIDocs, error) {
	doc, err := openapi3.NewLoader().LoadFromData(openAPISpec)
	if err != nil {
		return pages.APIDocs{}, fmt.Errorf("openapi.yaml: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return pages.APIDocs{}, fmt.Errorf("openapi.yaml: %w", err)
	}
	v := pages.APIDocs{Title: doc.Info.Title, Version: doc.Info.Version, Intro: doc.Info.Description, SpecURL: "/api/v1/openapi.yaml"}
	groups := map[string]*pages.APIGroup{}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		name, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
		g := groups[name]
		if g == nil {
			g = &pages.APIGroup{Name: name}
			groups[name] = g
		}
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			if op := item.GetOperation(method); op != nil {
				g.Operations = append(g.Operations, apiOperation(method, path, item.Parameters, op))
			}
		}
	}
	for _, g := range groups {
		slices.SortFunc(g.Operations, func(a, b pages.APIOperation) int {
			return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(methodOrder(a.Method), methodOrder(b.Method)))
		})
		v.Groups = append(v.Groups, *g)
	}
	slices.SortFunc(v.Groups, func(a, b pages.APIGroup) int { return cmp.Compare(a.Name, b.Name) })
	for _, name := range sortedKeys(doc.Components.Schemas) {
		v.Schemas = append(v.Schemas, apiSchema(name, doc.Components.Schemas[name].Value))
	}
	return v, nil
}

func methodOrder(m string) int {
	return slices.Index([]string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}, m)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func apiOperation(method, path string, shared openapi3.Parameters, op *openapi3.Operation) pages.APIOperation {
	out := pages.APIOperation{ID: op.OperationID, Method: method, Path: path, Summary: op.Summary, Description: op.Description}
	for _, p := range append(slices.Clone(shared), op.Parameters...) {
		out.Params = append(out.Params, pages.APIParam{Name: p.Value.Name, InKey: paramPlaces[p.Value.In], Description: p.Value.Description,
			Required: p.Value.Required, Type: apiType(p.Value.Schema)})
	}
	if op.RequestBody != nil {
		for _, mime := range sortedKeys(op.RequestBody.Value.Content) {
			out.BodyType, out.Body = mime, apiType(op.RequestBody.Value.Content[mime].Schema)
		}
	}
	for _, status := range sortedKeys(op.Responses.Map()) {
		r := op.Responses.Value(status).Value
		resp := pages.APIResponse{Status: status, Description: deref(r.Description)}
		if status == "default" {
			resp.Status = ""
		}
		for _, mime := range sortedKeys(r.Content) {
			resp.MediaType, resp.Type = mime, apiType(r.Content[mime].Schema)
		}
		out.Responses = append(out.Responses, resp)
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// apiType is a schema as one line: a reference by its name, an array by
// its items, anything else by its type and format.
func apiType(s *openapi3.SchemaRef) pages.APIType {
	if s == nil || s.Value == nil {
		return pages.APIType{}
	}
	if name, ok := strings.CutPrefix(s.Ref, "#/components/schemas/"); ok {
		return pages.APIType{Ref: name, Text: name}
	}
	v := s.Value
	if v.Type.Is(openapi3.TypeArray) && v.Items != nil {
		item := apiType(v.Items)
		item.IsList = true
		return item
	}
	text := strings.Join(v.Type.Slice(), ", ")
	if v.Format != "" {
		text += " (" + v.Format + ")"
	}
	t := pages.APIType{Text: text}
	for _, e := range v.Enum {
		t.Enum = append(t.Enum, fmt.Sprint(e))
	}
	return t
}

func apiSchema(name string, s *openapi3.Schema) pages.APISchema {
	out := pages.APISchema{Name: name, Description: s.Description}
	for _, e := range s.Enum {
		out.Enum = append(out.Enum, fmt.Sprint(e))
	}
	for _, prop := range sortedKeys(s.Properties) {
		p := s.Properties[prop]
		ex := ""
		if p.Value.Example != nil {
			ex = fmt.Sprint(p.Value.Example)
		}
		out.Props = append(out.Props, pages.APIProp{Name: prop, Description: p.Value.Description, Example: ex, Type: apiType(p),
			Required: slices.Contains(s.Required, prop), ReadOnly: p.Value.ReadOnly, WriteOnly: p.Value.WriteOnly, Null: p.Value.Nullable})
	}
	return out
}

func (a *app) apiDocsPage(c echo.Context) error {
	t := a.tr(c)
	return a.show(c, http.StatusOK, pages.APIDocsPage(a.layout(c, t.S("api.docs.title"), ""), a.apiDocs))
}
