package notionfake

import "strings"

// apiVersion is the only Notion-Version the fake speaks.
const apiVersion = "2022-06-28"

func checkVersion(v string) *apiError {
	switch v {
	case "":
		return errMissingVer
	case apiVersion:
		return nil
	}
	return validationErr("Notion-Version header failed validation: this fake only implements `%s`, instead was `%s`.", apiVersion, v)
}

func bearerToken(header string) string {
	token, ok := strings.CutPrefix(header, "Bearer ")
	if !ok {
		return ""
	}
	return strings.TrimSpace(token)
}
