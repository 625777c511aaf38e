package wiretest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// Spec is one endpoint of the pinned catalogue (testdata/spec), a copy of
// the project's independent endpoint specification.
type Spec struct {
	Path    string                     `json:"path"`
	Method  string                     `json:"method"`
	Request map[string]json.RawMessage `json:"request"`
	// ResponseFields are the answer's fields in the catalogue's notation,
	// e.g. "follow_user[]{userid,remark,tags[]{group_name,tag_name}}".
	ResponseFields []string `json:"response_fields"`
}

var (
	specOnce sync.Once
	specs    map[string]Spec
	specErr  error
)

// Catalogue returns the pinned catalogue by path: testdata/spec/
// catalogue.json (the 105 rows) and catalogue_extra.json (the endpoints
// added beside them).
func Catalogue(t testing.TB) map[string]Spec {
	t.Helper()
	specOnce.Do(func() {
		specs = map[string]Spec{}
		for _, name := range []string{"catalogue.json", "catalogue_extra.json"} {
			root, err := RepoRoot()
			if err != nil {
				specErr = err
				return
			}
			b, err := os.ReadFile(filepath.Join(root, "testdata", "spec", name))
			if err != nil {
				specErr = err
				return
			}
			var list []Spec
			if err := json.Unmarshal(b, &list); err != nil {
				specErr = err
				return
			}
			for _, s := range list {
				specs[s.Path] = s
			}
		}
	})
	if specErr != nil {
		t.Fatalf("reading the pinned catalogue: %v", specErr)
	}
	return specs
}

// SpecMethod is the HTTP method the catalogue gives for s ("GET" or
// "POST"); the catalogue notes some disagreements in the method column
// ("POST (EasyWeChat) / GET (PowerWeChat)"), and its first word is the
// documented one.
func (s Spec) SpecMethod() string {
	m, _, _ := strings.Cut(s.Method, " ")
	return m
}

// keysSeen records, per path, the top-level request keys (JSON body keys
// and query parameters) the ok subtests saw on the wire.
type keysSeen struct {
	mu sync.Mutex
	m  map[string]map[string]bool
}

func (k *keysSeen) add(path string, keys []string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil {
		k.m = map[string]map[string]bool{}
	}
	if k.m[path] == nil {
		k.m[path] = map[string]bool{}
	}
	for _, key := range keys {
		k.m[path][key] = true
	}
}

// checkCatalogue fails for every endpoint whose method and path are not in
// the catalogue, and for every request key sent that the catalogue does not
// list for the path, unless exceptions (path or "path key") give a reason.
func checkCatalogue(t *testing.T, cat map[string]Spec, methods map[string]string, seen *keysSeen, exceptions map[string]string) {
	t.Helper()
	paths := make([]string, 0, len(methods))
	for p := range methods {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if _, ok := exceptions[p]; ok {
			continue
		}
		s, ok := cat[p]
		if !ok {
			t.Errorf("catalogue: %s is not in the pinned catalogue", p)
			continue
		}
		if got, want := methods[p], s.SpecMethod(); got != want {
			t.Errorf("catalogue: %s is sent as %s, the catalogue says %s", p, got, want)
		}
		seen.mu.Lock()
		keys := seen.m[p]
		seen.mu.Unlock()
		for key := range keys {
			if _, ok := s.Request[key]; ok {
				continue
			}
			if _, ok := exceptions[p+" "+key]; ok {
				continue
			}
			t.Errorf("catalogue: %s sends %q, which the catalogue does not list for it", p, key)
		}
	}
}

// RepoRoot returns the repository's root: the nearest directory above the
// working directory whose go.mod declares the module
// github.com/wecomkit/wecom.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && strings.HasPrefix(string(b), "module github.com/wecomkit/wecom\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
