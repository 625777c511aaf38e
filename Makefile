# wecom — common tasks. `make demo` and `make test` are the two set-up commands.

GO        ?= go
PKGS      ?= ./...
# The oldest Go our users may have (go.mod's go line); CI also tests with it.
GO_MIN    ?= go1.23.12
BENCH     ?= .
BENCHTIME ?= 1s
FUZZTIME  ?= 30s

.PHONY: porting readme docs all demo test fmt-check vet race modules test-min bench bench-export lint fuzz sim cover

all: test

## demo: walk through the external-contact calls against the embedded simulator (no credentials, no network)
demo:
	$(GO) run ./cmd/demo

# Modules of their own inside the repository (heavier dependencies, kept out
# of the library's go.mod): each is vetted and tested in its directory. The
# redis module's tests start a redis-server (or use REDIS_ADDR).
MODULES   ?= otel redis

## test: gofmt check, go vet, and every test under the race detector, in the main module and in MODULES
test: fmt-check vet race modules

fmt-check:
	@out="$$(gofmt -l .)"; \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)
	$(GO) vet -tags exportbench ./work/externalcontact/
	cd bench && $(GO) vet ./...

race:
	$(GO) test -race -count=1 -timeout 10m $(PKGS)
	cd bench && $(GO) test -count=1 -run . -bench '^$$' ./...

modules:
	@for m in $(MODULES); do \
		echo "== module $$m"; \
		(cd $$m && $(GO) vet ./... && $(GO) test -race -count=1 -timeout 10m ./...) || exit 1; \
	done

## test-min: build and test with the oldest supported Go (downloaded through the module proxy)
test-min:
	GOTOOLCHAIN=$(GO_MIN) $(GO) vet $(PKGS)
	GOTOOLCHAIN=$(GO_MIN) $(GO) test -count=1 -timeout 10m $(PKGS)
	@for m in $(MODULES); do \
		(cd $$m && GOTOOLCHAIN=$(GO_MIN) $(GO) vet ./... && GOTOOLCHAIN=$(GO_MIN) $(GO) test -count=1 -timeout 10m ./...) || exit 1; \
	done

## bench: benchmarks, SDK beside plain net/http + encoding/json in the same run; the bench module
## serves WeCom from a child process and reports the client's CPU (cpu-ns/op); compare with benchstat
bench:
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -benchtime $(BENCHTIME) -count 5 $(PKGS)
	cd bench && $(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -benchtime $(BENCHTIME) -count 7 .
	@for m in $(MODULES); do (cd $$m && $(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -benchtime $(BENCHTIME) -count 5 ./...) || exit 1; done

## bench-export: the bulk export against the simulator, 50 ms a call, 25,000 and 100,000 relations: wall time against the floor, peak memory (about a minute)
bench-export:
	$(GO) test -tags exportbench -run '^$$' -bench BenchmarkExport -benchtime 1x -timeout 30m ./work/externalcontact/

## lint: gofmt, go vet, module checksums, and every test binary compiles
lint: fmt-check vet
	$(GO) mod verify
	$(GO) test -count=1 -run '^$$' $(PKGS) >/dev/null
	@for m in $(MODULES); do (cd $$m && $(GO) mod verify && $(GO) test -count=1 -run '^$$' ./... >/dev/null) || exit 1; done

## fuzz: run every fuzz target (callback parsing, simulator bodies and cursors) for FUZZTIME each; `make test` runs their seeds
fuzz:
	@for pkg in ./work/callback/ ./work/worktest/; do \
		for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$f"; \
			$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 2s $$pkg || exit 1; \
		done; \
	done

## porting: rewrite docs/PORTING.md from the endpoint metadata (a test fails when it is stale)
porting:
	$(GO) test ./work -run '^TestPortingGuide$$' -count=1 -update-porting

## readme: rewrite the generated parts of README.md and README.zh-CN.md (the coverage table and the
## example list) from the endpoint metadata and the Example functions (a test fails when they are stale)
readme:
	$(GO) test ./work -run '^TestReadmeGenerated$$' -count=1 -update-readme

## docs: both of the above
docs: porting readme

## sim: serve the simulator on 127.0.0.1:8080
sim:
	$(GO) run ./cmd/wecomsim -addr 127.0.0.1:8080

cover:
	$(GO) test -coverprofile=coverage.out $(PKGS) && $(GO) tool cover -func=coverage.out | tail -1
