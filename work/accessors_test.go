package work_test

import (
	"reflect"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
)

// serviceAccessors returns every method of *App that takes nothing and
// returns one pointer to a service client: the services on the facade.
func serviceAccessors(t *testing.T) []reflect.Method {
	t.Helper()
	var out []reflect.Method
	typ := reflect.TypeOf(&work.App{})
	for i := 0; i < typ.NumMethod(); i++ {
		m := typ.Method(i)
		if m.Type.NumIn() != 1 || m.Type.NumOut() != 1 || m.Type.Out(0).Kind() != reflect.Pointer {
			continue
		}
		if m.Name == "Client" { // the core client, not a service
			continue
		}
		out = append(out, m)
	}
	return out
}

// TestEveryServiceBuiltOnce asks for every service from 16 goroutines at
// once, on an App from New and on one from NewWithClient: each call returns
// the same, non-nil service.
func TestEveryServiceBuiltOnce(t *testing.T) {
	accessors := serviceAccessors(t)
	require.GreaterOrEqual(t, len(accessors), 14, "the services on the facade")

	fromNew, err := work.New(work.Config{CorpID: "ww1", Secret: "s", BaseURL: "http://127.0.0.1:1"})
	require.NoError(t, err)
	base, err := core.NewClient(core.Options{BaseURL: "http://127.0.0.1:1"})
	require.NoError(t, err)
	shared := base.WithTokenSource(core.AuthAccessToken, core.TokenFunc(nil))
	fromClient, err := work.NewWithClient(work.Config{CorpID: "ww2"}, shared)
	require.NoError(t, err)

	for _, app := range []*work.App{fromNew, fromClient} {
		for _, m := range accessors {
			got := make([]any, 16)
			var wg sync.WaitGroup
			for i := range got {
				wg.Add(1)
				go func() {
					defer wg.Done()
					got[i] = m.Func.Call([]reflect.Value{reflect.ValueOf(app)})[0].Interface()
				}()
			}
			wg.Wait()
			require.False(t, reflect.ValueOf(got[0]).IsNil(), "%s returned nil", m.Name)
			for _, g := range got {
				assert.Same(t, got[0], g, "%s built more than once", m.Name)
			}
		}
	}
}
