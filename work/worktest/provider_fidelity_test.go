package worktest

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// Fidelity scenarios of the provider group (fidelity_test.go). Its routes
// answer on a ProviderServer, so each scenario runs its own, with one
// suite, rather than the shared corp simulator.

// fidelityInstall has a new corp install the rig's suite through an
// install link with a state, and returns the auth code.
func fidelityInstall(t *testing.T, r *providerRig, tok string) string {
	t.Helper()
	rep := raw(t, r.p.Provider(), http.MethodGet, "service/get_pre_auth_code", st(tok), "")
	require.Zero(t, rep.ErrCode, rep.ErrMsg)
	var pre struct {
		PreAuthCode string `json:"pre_auth_code"`
	}
	rep.decode(t, &pre)
	in, err := r.p.Install(context.Background(), Install{SuiteID: r.suite.ID, PreAuthCode: pre.PreAuthCode, State: "expo"})
	require.NoError(t, err)
	return in.AuthCode
}

func init() {
	ok := func(t *testing.T, rep reply) []byte {
		t.Helper()
		require.Zero(t, rep.ErrCode, rep.ErrMsg)
		return rep.Body
	}
	addFidelity("service/get_provider_token", func(t *testing.T, _ *fidelity) [][]byte {
		r := newProviderRig(t, SuiteSpec{})
		return [][]byte{ok(t, r.post("service/get_provider_token", nil, map[string]string{"corpid": r.p.ProviderCorpID,
			"provider_secret": r.p.ProviderSecret}))}
	})
	addFidelity("service/get_suite_token", func(t *testing.T, _ *fidelity) [][]byte {
		r := newProviderRig(t, SuiteSpec{})
		return [][]byte{ok(t, r.post("service/get_suite_token", nil, map[string]string{"suite_id": r.suite.ID,
			"suite_secret": r.suite.Secret, "suite_ticket": r.p.Ticket(r.suite.ID)}))}
	})
	addFidelity("service/get_pre_auth_code", func(t *testing.T, _ *fidelity) [][]byte {
		r := newProviderRig(t, SuiteSpec{})
		return [][]byte{ok(t, raw(t, r.p.Provider(), http.MethodGet, "service/get_pre_auth_code", st(r.suiteToken()), ""))}
	})
	addFidelity("service/set_session_info", func(t *testing.T, _ *fidelity) [][]byte {
		r := newProviderRig(t, SuiteSpec{})
		tok := r.suiteToken()
		rep := raw(t, r.p.Provider(), http.MethodGet, "service/get_pre_auth_code", st(tok), "")
		var pre struct {
			PreAuthCode string `json:"pre_auth_code"`
		}
		rep.decode(t, &pre)
		return [][]byte{ok(t, r.post("service/set_session_info", st(tok), map[string]any{"pre_auth_code": pre.PreAuthCode,
			"session_info": map[string]any{"auth_type": 1}}))}
	})
	for _, path := range []string{"service/get_permanent_code", "service/v2/get_permanent_code"} {
		addFidelity(path, func(t *testing.T, _ *fidelity) [][]byte {
			r := newProviderRig(t, SuiteSpec{Name: "客户助手"})
			tok := r.suiteToken()
			return [][]byte{ok(t, r.post(path, st(tok), map[string]string{"auth_code": fidelityInstall(t, r, tok)}))}
		})
	}
	for _, path := range []string{"service/get_auth_info", "service/v2/get_auth_info", "service/get_corp_token"} {
		addFidelity(path, func(t *testing.T, _ *fidelity) [][]byte {
			r := newProviderRig(t, SuiteSpec{Name: "客户助手"})
			tok := r.suiteToken()
			corpID, code, _ := r.install(tok)
			return [][]byte{ok(t, r.post(path, st(tok), map[string]string{"auth_corpid": corpID, "permanent_code": code}))}
		})
	}
	// What WeCom sends only in cases the simulator does not model.
	const (
		dealer   = "only for an authorisation through a reseller (代理服务商), which the simulator does not model"
		register = "only for a corp registered through a register code (推广二维码), which the simulator does not model"
		edition  = "the paid editions (付费版本) of a paid app, which the simulator does not model (no editions, no orders)"
	)
	fidelityExceptions["service/get_permanent_code"] = map[string]string{
		"dealer_corp_info": dealer, "dealer_corp_info.corpid": dealer, "dealer_corp_info.corp_name": dealer,
		"register_code_info": register,
	}
	fidelityExceptions["service/v2/get_permanent_code"] = map[string]string{"register_code_info": register}
	for _, path := range []string{"service/get_auth_info", "service/v2/get_auth_info"} {
		fidelityExceptions[path] = map[string]string{"dealer_corp_info": dealer, "edition_info": edition, "edition_info.agent": edition}
	}
	fidelityGroups["provider"] = true
}
