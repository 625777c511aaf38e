module github.com/wecomkit/wecom

go 1.23.0

require (
	github.com/tidwall/gjson v1.20.0
	golang.org/x/sync v0.16.0
)

require (
	github.com/tidwall/match v1.1.1 // indirect
	github.com/tidwall/pretty v1.2.0 // indirect
)
