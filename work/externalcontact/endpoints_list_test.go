package externalcontact

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEndpointsListsEveryDeclaredEndpoint parses the package's files and
// checks that every package-level ep… variable declared with core.Read,
// ReadPost, Write or SendOnce is in Endpoints(), and nothing else.
func TestEndpointsListsEveryDeclaredEndpoint(t *testing.T) {
	entries, err := os.ReadDir(".")
	require.NoError(t, err)
	fset := token.NewFileSet()
	declared := map[string]bool{} // path
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, e.Name(), nil, 0)
		require.NoError(t, err)
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i < len(vs.Values) && strings.HasPrefix(name.Name, "ep") {
						if p := declaredPath(vs.Values[i]); p != "" {
							declared[p] = true
						}
					}
				}
			}
		}
	}
	listed := map[string]bool{}
	for _, ep := range Endpoints() {
		assert.False(t, listed[ep.Path], "%s listed twice", ep.Path)
		listed[ep.Path] = true
	}
	require.NotEmpty(t, declared)
	assert.Equal(t, declared, listed)
}

// declaredPath returns the path literal of core.Read("…") and the like,
// looking through method chains such as .WithAuth(…).
func declaredPath(x ast.Expr) string {
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return ""
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	if id, ok := sel.X.(*ast.Ident); ok && id.Name == "core" {
		switch sel.Sel.Name {
		case "Read", "ReadPost", "Write", "SendOnce":
			if lit, ok := call.Args[0].(*ast.BasicLit); ok {
				return strings.Trim(lit.Value, `"`)
			}
		}
		return ""
	}
	return declaredPath(sel.X)
}
