package notionfake

import "strings"

// The Notion-Versions the fake speaks: the one before data sources, and the
// one that introduced them (developers.notion.com, "Upgrade guide" for
// 2025-09-03). Each request is answered in the shapes of its own header.
const (
	apiVersion     = "2022-06-28"
	sourcesVersion = "2025-09-03"
)

func checkVersion(v string) *apiError {
	switch v {
	case "":
		return errMissingVer
	case apiVersion, sourcesVersion:
		return nil
	}
	return validationErr("Notion-Version header failed validation: this fake only implements `%s` and `%s`, instead was `%s`.", apiVersion, sourcesVersion, v)
}

func bearerToken(header string) string {
	token, ok := strings.CutPrefix(header, "Bearer ")
	if !ok {
		return ""
	}
	return strings.TrimSpace(token)
}
