module github.com/wecomkit/wecom/bench

go 1.23.0

require (
	github.com/goccy/go-json v0.10.5
	github.com/wecomkit/wecom v0.0.0
)

require (
	github.com/tidwall/gjson v1.20.0 // indirect
	github.com/tidwall/match v1.1.1 // indirect
	github.com/tidwall/pretty v1.2.0 // indirect
	golang.org/x/sync v0.16.0 // indirect
	golang.org/x/time v0.12.0 // indirect
)

replace github.com/wecomkit/wecom => ../
