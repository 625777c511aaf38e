package provider_test

import (
	"context"
	"testing"

	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/provider"
)

type wcase = wiretest.Case[*provider.Suite]
type wbad = wiretest.Bad[*provider.Suite]

func fx(t *testing.T, name string) string { return wiretest.Fixture(t, "provider", name) }

// TestWire runs every endpoint of the package through the shared harness:
// the request on the wire, a realistic answer decoded, an errcode, the
// retry class, and the bad arguments refused before anything is sent.
func TestWire(t *testing.T) {
	authInfoBody := `{"auth_corpid":"wwcorpA0000000001","permanent_code":"PERM"}`
	wantAuthInfo := func(t *testing.T, got any) {
		info := got.(*provider.CorpAuthInfo)
		if info.AuthCorpInfo.CorpName != "测试企业A" || len(info.AuthInfo.Agent) != 1 ||
			info.AuthInfo.Agent[0].AgentID != 1000012 || info.EditionInfo == nil ||
			info.EditionInfo.Agent[0].EditionName != "协同版" || info.DealerCorpInfo.CorpName != "name" {
			t.Errorf("decoded %+v", info)
		}
	}
	wiretest.Suite[*provider.Suite]{
		Endpoints: provider.Endpoints(),
		New:       provider.SuiteOn,
		Cases: []wcase{
			{Method: "POST", Path: "service/get_provider_token",
				Call: func(ctx context.Context, s *provider.Suite) (any, error) {
					return s.Provider().ProviderToken().Token(ctx)
				},
				Exchange: wiretest.Exchange{
					Body:  `{"corpid":"` + provider.WireProviderCorp + `","provider_secret":"` + provider.WireProviderSecret + `"}`,
					Reply: fx(t, "get_provider_token")},
				Want: "enLSZ5xxxxxxJRL"},
			{Method: "POST", Path: "service/get_suite_token",
				Call: func(ctx context.Context, s *provider.Suite) (any, error) { return s.SuiteToken().Token(ctx) },
				Exchange: wiretest.Exchange{
					Body: `{"suite_id":"` + provider.WireSuiteID + `","suite_secret":"` + provider.WireSuiteSecret +
						`","suite_ticket":"` + provider.WireTicket + `"}`,
					Reply: fx(t, "get_suite_token")},
				Want: "61W3mEpU66027wgNZ_MhGHNQDHnFATkDa9-2llMBjkSbGU"},
			{Method: "GET", Path: "service/get_pre_auth_code",
				Call:     func(ctx context.Context, s *provider.Suite) (any, error) { return s.GetPreAuthCode(ctx) },
				Exchange: wiretest.Exchange{Reply: fx(t, "get_pre_auth_code")},
				Want:     &provider.PreAuthCode{PreAuthCode: "Cx_Dk6qiBE0Dmx4EmlT3oRfArPvwSQ-oa3NL_fwHM7VI08r52wazoZX2Rhpz1dEw", ExpiresIn: 1200}},
			{Method: "POST", Path: "service/set_session_info",
				Call: func(ctx context.Context, s *provider.Suite) (any, error) {
					return nil, s.SetSession(ctx, &provider.SetSessionRequest{PreAuthCode: "PRE",
						SessionInfo: provider.SessionInfo{AppIDs: []int64{1, 2}, AuthType: provider.AuthTypeTest}})
				},
				Exchange: wiretest.Exchange{Body: `{"pre_auth_code":"PRE","session_info":{"appid":[1,2],"auth_type":1}}`,
					Reply: `{"errcode":0,"errmsg":"ok"}`}},
			{Name: "service/set_session_info formal", Method: "POST", Path: "service/set_session_info",
				Call: func(ctx context.Context, s *provider.Suite) (any, error) {
					return nil, s.SetSession(ctx, &provider.SetSessionRequest{PreAuthCode: "PRE"})
				},
				Exchange: wiretest.Exchange{Body: `{"pre_auth_code":"PRE","session_info":{"auth_type":0}}`,
					Reply: `{"errcode":0,"errmsg":"ok"}`}},
			{Method: "POST", Path: "service/get_permanent_code",
				Call: func(ctx context.Context, s *provider.Suite) (any, error) {
					return s.GetPermanentByCode(ctx, "AUTHCODE")
				},
				Exchange: wiretest.Exchange{Body: `{"auth_code":"AUTHCODE"}`, Reply: fx(t, "get_permanent_code")},
				Want:     wantPermanentCode()},
			{Method: "POST", Path: "service/v2/get_permanent_code",
				Call: func(ctx context.Context, s *provider.Suite) (any, error) {
					return s.GetPermanentByCodeV2(ctx, "AUTHCODE")
				},
				Exchange: wiretest.Exchange{Body: `{"auth_code":"AUTHCODE"}`, Reply: fx(t, "get_permanent_code_v2")},
				Want: &provider.PermanentCodeV2{PermanentCode: "xxxx",
					AuthCorpInfo:     provider.CorpInfo{CorpID: "wwcorpA0000000001", CorpName: "测试企业A"},
					AuthUserInfo:     provider.AuthUserInfo{UserID: "aa", OpenUserID: "xxxxxx", Name: "xxx", Avatar: "http://xxx"},
					RegisterCodeInfo: &provider.RegisterCodeInfo{RegisterCode: "1111", TemplateID: "tpl1111", State: "state001"},
					State:            "state001"}},
			{Method: "POST", Path: "service/get_auth_info",
				Call: func(ctx context.Context, s *provider.Suite) (any, error) {
					return s.GetAuthorization(ctx, "wwcorpA0000000001", "PERM")
				},
				Exchange: wiretest.Exchange{Body: authInfoBody, Reply: fx(t, "get_auth_info")},
				Check:    wantAuthInfo},
			{Method: "POST", Path: "service/v2/get_auth_info",
				Call: func(ctx context.Context, s *provider.Suite) (any, error) {
					return s.GetAuthorizationV2(ctx, "wwcorpA0000000001", "PERM")
				},
				Exchange: wiretest.Exchange{Body: authInfoBody, Reply: fx(t, "get_auth_info")},
				Check:    wantAuthInfo},
			{Method: "POST", Path: "service/get_corp_token",
				Call: func(ctx context.Context, s *provider.Suite) (any, error) {
					return s.GetCorpToken(ctx, "wwcorpA0000000001", "PERM")
				},
				Exchange: wiretest.Exchange{Body: authInfoBody, Reply: fx(t, "get_corp_token")},
				Want:     &provider.CorpToken{AccessToken: "xxxxxx", ExpiresIn: 7200}},
		},
		Bad: []wbad{
			{Name: "nil session", Path: "service/set_session_info", Field: "request",
				Call: func(ctx context.Context, s *provider.Suite) error { return s.SetSession(ctx, nil) }},
			{Name: "no pre_auth_code", Path: "service/set_session_info", Field: "pre_auth_code",
				Call: func(ctx context.Context, s *provider.Suite) error {
					return s.SetSession(ctx, &provider.SetSessionRequest{})
				}},
			{Name: "auth_type 2", Path: "service/set_session_info", Field: "session_info.auth_type",
				Call: func(ctx context.Context, s *provider.Suite) error {
					return s.SetSession(ctx, &provider.SetSessionRequest{PreAuthCode: "P", SessionInfo: provider.SessionInfo{AuthType: 2}})
				}},
			{Name: "appid 0", Path: "service/set_session_info", Field: "session_info.appid",
				Call: func(ctx context.Context, s *provider.Suite) error {
					return s.SetSession(ctx, &provider.SetSessionRequest{PreAuthCode: "P", SessionInfo: provider.SessionInfo{AppIDs: []int64{3, 0}}})
				}},
			{Name: "no auth_code", Path: "service/get_permanent_code", Field: "auth_code",
				Call: func(ctx context.Context, s *provider.Suite) error {
					_, err := s.GetPermanentByCode(ctx, "")
					return err
				}},
			{Name: "no auth_code v2", Path: "service/v2/get_permanent_code", Field: "auth_code",
				Call: func(ctx context.Context, s *provider.Suite) error {
					_, err := s.GetPermanentByCodeV2(ctx, "")
					return err
				}},
			{Name: "Authorize without auth_code", Path: "service/get_permanent_code", Field: "auth_code",
				Call: func(ctx context.Context, s *provider.Suite) error { _, err := s.Authorize(ctx, ""); return err }},
			{Name: "no auth_corpid", Path: "service/get_auth_info", Field: "auth_corpid",
				Call: func(ctx context.Context, s *provider.Suite) error {
					_, err := s.GetAuthorization(ctx, "", "P")
					return err
				}},
			{Name: "no permanent_code v2", Path: "service/v2/get_auth_info", Field: "permanent_code",
				Call: func(ctx context.Context, s *provider.Suite) error {
					_, err := s.GetAuthorizationV2(ctx, "ww", "")
					return err
				}},
			{Name: "no permanent_code", Path: "service/get_corp_token", Field: "permanent_code",
				Call: func(ctx context.Context, s *provider.Suite) error {
					_, err := s.GetCorpToken(ctx, "ww", "")
					return err
				}},
			{Name: "App without corp", Path: "service/get_corp_token", Field: "auth_corpid",
				Call: func(ctx context.Context, s *provider.Suite) error { _, err := s.App(ctx, ""); return err }},
			{Name: "empty ticket", Path: "service/get_suite_token", Field: "suite_ticket",
				Call: func(ctx context.Context, s *provider.Suite) error {
					return s.SetTicket(ctx, "", s.Provider().Config().Now())
				}},
			{Name: "代开发 without corp", Path: "gettoken", Field: "corpid",
				Call: func(ctx context.Context, s *provider.Suite) error {
					_, err := s.Provider().CustomizedApp("", "secret", 0)
					return err
				}},
			{Name: "代开发 without secret", Path: "gettoken", Field: "corpsecret",
				Call: func(ctx context.Context, s *provider.Suite) error {
					_, err := s.Provider().CustomizedApp("ww", "", 0)
					return err
				}},
		},
	}.Run(t)
}

func wantPermanentCode() *provider.PermanentCode {
	return &provider.PermanentCode{
		AccessToken: "xxxxxx", ExpiresIn: 7200, PermanentCode: "xxxx",
		DealerCorpInfo: &provider.DealerCorpInfo{CorpID: "xxxx", CorpName: "name"},
		AuthCorpInfo: provider.CorpInfo{CorpID: "wwcorpA0000000001", CorpName: "测试企业A", CorpType: "verified",
			CorpSquareLogoURL: "https://p.qlogo.cn/bizmail/yyyyy/0", CorpUserMax: 50, CorpFullName: "测试企业A有限公司",
			VerifiedEndTime: 1431775834, SubjectType: 1, CorpWxQRCode: "https://open.work.weixin.qq.com/wwqrcode/zzzzz",
			CorpScale: "1-50人", CorpIndustry: "IT服务", CorpSubIndustry: "计算机软件/硬件/信息服务", Location: "广东省广州市"},
		AuthInfo: provider.AuthInfo{Agent: []provider.Agent{{AgentID: 1000012, Name: "客户助手",
			RoundLogoURL: "https://p.qlogo.cn/bizmail/round/0", SquareLogoURL: "https://p.qlogo.cn/bizmail/square/0",
			AppID: 1, AuthMode: 1,
			Privilege: provider.Privilege{Level: 1, AllowParty: []int64{1, 2, 3}, AllowUser: []string{"zhansan", "lisi"},
				AllowTag: []int64{1, 2, 3}, ExtraParty: []int64{4, 5, 6}, ExtraUser: []string{"wangwu"}, ExtraTag: []int64{4, 5, 6}},
			SharedFrom: &provider.SharedFrom{CorpID: "wwyyyyy", ShareType: 1}}}},
		AuthUserInfo:     provider.AuthUserInfo{UserID: "aa", OpenUserID: "xxxxxx", Name: "xxx", Avatar: "http://xxx"},
		RegisterCodeInfo: &provider.RegisterCodeInfo{RegisterCode: "1111", TemplateID: "tpl1111", State: "state001"},
		State:            "state001",
	}
}
