package worktest

import (
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strconv"
)

// ID转换: the conversions between the ids of the corp's own apps, of a
// service provider's apps and of WeChat (openid, unionid, opengid, mobile),
// plus the served-contact list and the legacy crm/get_external_contact
// (idconvert_contacts.go); the derived ids and the service tokens are in
// idconvert_ids.go.
//
// The simulator has one set of customer ids, the one its access_token
// sees: the corp-subject ids of the store ("wm…", "wo…"). The other ids are
// deterministic functions of them, so tests can predict them:
//
//   - ServiceExternalUserID: the provider-subject id (服务商主体) a
//     third-party app sees, answered by to_service_external_userid,
//     get_new_external_userid, groupchat/get_new_external_userid and
//     unionid_to_external_userid_3rd, and taken by
//     from_service_external_userid;
//   - OpenID: the WeChat openid of convert_to_openid;
//   - OpenGID: the opengid opengid_to_chatid takes.
//
// The two service/… endpoints take another token than access_token:
// finish_external_userid_migration a provider_access_token
// (Server.ProviderToken) and unionid_to_external_userid_3rd a
// suite_access_token (Server.SuiteToken). Both tokens are fixed for a
// server (a function of its corp id and secret) and do not expire.
//
// externalcontact/unionid_to_external_userid_3rd, without service/, is not
// documented by WeCom; EasyWeChat's deprecated Work client posts to it with
// the access_token. The simulator serves it as the service/ call, with the
// access_token.

// ID conversion errcodes.
const (
	codeRecordNotFound = 60136 // 记录不存在 (batch_to_external_userid, per mobile)
)

// idConvertState is the group's part of the store: whether the
// provider's external_userid migration is finished
// (Data.ExternalUserIDMigrated), and the contacts served beyond relations
// and customer groups (Data.ServedContacts, idconvert_contacts.go).
type idConvertState struct {
	migrated bool
	served   []*ServedContact
}

var idConvertKey groupKey[idConvertState]

func init() {
	idConvertKey = addGroup(group[idConvertState]{
		name:   "idconvert",
		routes: (*Server).idConvertRoutes,
		load: func(st *store, g *idConvertState, d *Data) error {
			g.migrated = d.ExternalUserIDMigrated
			for i := range d.ServedContacts {
				sc := &d.ServedContacts[i]
				if err := st.validServed(sc); err != nil {
					return err
				}
				sc.seq = st.nextSeq()
				g.served = append(g.served, sc)
			}
			return nil
		},
		snapshot: func(_ *store, g *idConvertState, d *Data) {
			d.ExternalUserIDMigrated = g.migrated
			for _, sc := range g.served {
				d.ServedContacts = append(d.ServedContacts, *sc)
			}
		},
		seed:     seedServed,
		errTexts: map[int]string{codeRecordNotFound: "record not found"},
	})
}

func (s *Server) idConvertRoutes() []route {
	return []route{
		{method: http.MethodPost, path: "externalcontact/contact_list", handle: bound(s.contactList)},
		{method: http.MethodGet, path: "crm/get_external_contact", handle: bound(s.crmGetExternalContact)},
		{method: http.MethodPost, path: "externalcontact/convert_to_openid", handle: bound(s.convertToOpenID)},
		{method: http.MethodPost, path: "externalcontact/unionid_to_external_userid", handle: bound(s.unionIDToExternalUserID)},
		{method: http.MethodPost, path: "externalcontact/to_service_external_userid", handle: bound(s.toServiceExternalUserID)},
		{method: http.MethodPost, path: "externalcontact/from_service_external_userid", handle: bound(s.fromServiceExternalUserID)},
		{method: http.MethodPost, path: "externalcontact/get_new_external_userid", handle: bound(s.getNewExternalUserID)},
		{method: http.MethodPost, path: "externalcontact/groupchat/get_new_external_userid", handle: bound(s.groupChatNewExternalUserID)},
		{method: http.MethodPost, path: "externalcontact/opengid_to_chatid", handle: bound(s.openGIDToChatID)},
		{method: http.MethodPost, path: "externalcontact/batch_to_external_userid", handle: bound(s.batchToExternalUserID)},
		{method: http.MethodPost, path: "service/externalcontact/unionid_to_external_userid_3rd", tokenParam: suiteTokenParam,
			handle: bound(s.unionIDToExternalUserID3rd)},
		{method: http.MethodPost, path: "externalcontact/unionid_to_external_userid_3rd", handle: bound(s.unionIDToExternalUserID3rd)},
		{method: http.MethodPost, path: "service/externalcontact/finish_external_userid_migration", write: true, tokenParam: providerTokenParam,
			handle: bound(s.finishExternalUserIDMigration)},
	}
}

// ---- conversions ----

type externalUserIDRequest struct {
	ExternalUserID string `json:"external_userid"`
}

type externalUserIDResponse struct {
	ExternalUserID string `json:"external_userid"`
}

// convertToOpenID serves POST externalcontact/convert_to_openid (外部联系人
// openid转换): OpenID of a WeChat customer; 41035 when missing, 40096 for an
// unknown customer or a WeCom one ("wo…"), which WeCom does not convert.
func (s *Server) convertToOpenID(c *call, req *externalUserIDRequest) (any, error) {
	cust, err := c.st.customerOrErr(req.ExternalUserID)
	if err != nil {
		return nil, err
	}
	if cust.Type != CustomerWeChat {
		return nil, errDetail(codeInvalidExternalID, "%s is not a WeChat customer", cust.ExternalUserID)
	}
	return struct {
		OpenID string `json:"openid"`
	}{OpenID(cust.ExternalUserID)}, nil
}

type unionIDRequest struct {
	UnionID string `json:"unionid" wt:"required"`
	OpenID  string `json:"openid" wt:"required"`
	CorpID  string `json:"corpid"`
}

// customerByUnionID returns the WeChat customer with the given unionid.
func (st *store) customerByUnionID(unionID string) *Customer {
	for _, c := range st.customers {
		if c.UnionID == unionID {
			return c
		}
	}
	return nil
}

// unionIDToExternalUserID serves POST externalcontact/unionid_to_external_userid
// (企业主体unionid转换为第三方external_userid): the external_userid of the
// customer with that unionid, in the id space of the calling app (the
// store's). unionid and openid are required (40058; openid is not checked
// further); no customer with the unionid answers 84061.
func (s *Server) unionIDToExternalUserID(c *call, req *unionIDRequest) (any, error) {
	cust := c.st.customerByUnionID(req.UnionID)
	if cust == nil {
		return nil, errDetail(codeNotExternal, "no customer has unionid %s", req.UnionID)
	}
	return externalUserIDResponse{cust.ExternalUserID}, nil
}

// unionIDToExternalUserID3rd serves POST
// service/externalcontact/unionid_to_external_userid_3rd (第三方主体unionid转换为
// 第三方external_userid), with a suite_access_token: one entry, for the
// simulated corp, with the customer's ServiceExternalUserID; none when no
// customer has the unionid or corpid names another corp. unionid and openid
// are required (40058). It also serves the undocumented
// externalcontact/unionid_to_external_userid_3rd (EasyWeChat's deprecated
// Work client), with the same answers, under the access_token.
func (s *Server) unionIDToExternalUserID3rd(c *call, req *unionIDRequest) (any, error) {
	type info struct {
		CorpID         string `json:"corpid"`
		ExternalUserID string `json:"external_userid"`
	}
	out := struct {
		Info []info `json:"external_userid_info"`
	}{Info: []info{}}
	if cust := c.st.customerByUnionID(req.UnionID); cust != nil && (req.CorpID == "" || req.CorpID == s.CorpID) {
		out.Info = append(out.Info, info{s.CorpID, ServiceExternalUserID(cust.ExternalUserID)})
	}
	return out, nil
}

// toServiceExternalUserID serves POST externalcontact/to_service_external_userid
// (代开发应用external_userid转换): ServiceExternalUserID of a known customer;
// 41035 when missing, 40096 when unknown.
func (s *Server) toServiceExternalUserID(c *call, req *externalUserIDRequest) (any, error) {
	cust, err := c.st.customerOrErr(req.ExternalUserID)
	if err != nil {
		return nil, err
	}
	return externalUserIDResponse{ServiceExternalUserID(cust.ExternalUserID)}, nil
}

// agentID is a source_agentid: WeCom documents a number, WxJava sends a
// string, and both are accepted.
type agentID int64

func (a *agentID) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		return nil
	}
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	if s == "" {
		return nil // missing, answered by the handler
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeFor[int64](), Field: "source_agentid"}
	}
	*a = agentID(v)
	return nil
}

// fromServiceExternalUserID serves POST externalcontact/from_service_external_userid
// (external_userid转换 for 自建应用与第三方应用的对接): the corp-subject id of a
// ServiceExternalUserID. source_agentid is required and positive (40058);
// external_userid is required (41035) and must be the service id of a
// known customer (40096).
type fromServiceRequest struct {
	ExternalUserID string  `json:"external_userid"`
	SourceAgentID  agentID `json:"source_agentid"`
}

func (s *Server) fromServiceExternalUserID(c *call, req *fromServiceRequest) (any, error) {
	if req.SourceAgentID <= 0 {
		return nil, errParam("source_agentid is required and must be positive")
	}
	if err := requireExternalUserID(req.ExternalUserID); err != nil {
		return nil, err
	}
	cust := c.st.customer(corpExternalUserID(req.ExternalUserID))
	if cust == nil {
		return nil, errDetail(codeInvalidExternalID, "%s", req.ExternalUserID)
	}
	return externalUserIDResponse{cust.ExternalUserID}, nil
}

type idMapping struct {
	ExternalUserID    string `json:"external_userid"`
	NewExternalUserID string `json:"new_external_userid"`
}

type idMappings struct {
	Items []idMapping `json:"items"`
}

// newExternalUserID maps id to its provider-subject id: a known customer's
// corp id converts, a service id of a known customer comes back as is. The
// customer is returned too; nil when the id is unknown.
func (st *store) newExternalUserID(id string) (string, *Customer) {
	if cust := st.customer(id); cust != nil {
		return ServiceExternalUserID(id), cust
	}
	if cust := st.customer(corpExternalUserID(id)); cust != nil {
		return id, cust
	}
	return "", nil
}

// getNewExternalUserID serves POST externalcontact/get_new_external_userid
// (转换客户external_userid): items for the known ids of
// external_userid_list (1 to 1000, 40058), in the order sent; ids the
// simulator does not know are left out, duplicates answered once.
type newIDsRequest struct {
	ChatID          string   `json:"chat_id"`
	ExternalUserIDs []string `json:"external_userid_list"`
}

func (s *Server) getNewExternalUserID(c *call, req *newIDsRequest) (any, error) {
	if err := c.st.checkNotMigrated(); err != nil {
		return nil, err
	}
	if err := checkList("external_userid_list", req.ExternalUserIDs, true, 1000); err != nil {
		return nil, err
	}
	return c.st.mapNewIDs(req.ExternalUserIDs, nil), nil
}

// mapNewIDs converts ids with newExternalUserID, keeping those keep accepts
// (nil: all known ones).
func (st *store) mapNewIDs(ids []string, keep func(*Customer) bool) idMappings {
	out := idMappings{Items: []idMapping{}}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if newID, cust := st.newExternalUserID(id); cust != nil && (keep == nil || keep(cust)) {
			out.Items = append(out.Items, idMapping{ExternalUserID: id, NewExternalUserID: newID})
		}
	}
	return out
}

// groupChatNewExternalUserID serves POST
// externalcontact/groupchat/get_new_external_userid (转换客户群成员
// external_userid): as get_new_external_userid, for the external members of
// the chat chat_id (40058 when missing, 40050 when unknown); other ids are
// left out.
func (s *Server) groupChatNewExternalUserID(c *call, req *newIDsRequest) (any, error) {
	if err := c.st.checkNotMigrated(); err != nil {
		return nil, err
	}
	ch, err := c.st.chats().lookup(req.ChatID)
	if err != nil {
		return nil, err
	}
	if err := checkList("external_userid_list", req.ExternalUserIDs, true, 1000); err != nil {
		return nil, err
	}
	in := map[string]bool{}
	for _, m := range ch.Members {
		if m.Type == ChatMemberExternal {
			in[m.UserID] = true
		}
	}
	return c.st.mapNewIDs(req.ExternalUserIDs, func(cust *Customer) bool { return in[cust.ExternalUserID] }), nil
}

// openGIDToChatID serves POST externalcontact/opengid_to_chatid (客户群opengid
// 转换): the chat whose OpenGID is opengid; 40058 when missing or when no
// chat has it.
type openGIDRequest struct {
	OpenGID string `json:"opengid" wt:"required"`
}

func (s *Server) openGIDToChatID(c *call, req *openGIDRequest) (any, error) {
	for _, ch := range c.st.chats().all() {
		if OpenGID(ch.ChatID) == req.OpenGID {
			return struct {
				ChatID string `json:"chat_id"`
			}{ch.ChatID}, nil
		}
	}
	return nil, errParam("opengid %s is no customer group of the corp", req.OpenGID)
}

type mobileSuccess struct {
	Mobile         string `json:"mobile"`
	ExternalUserID string `json:"external_userid"`
}

type mobileFailure struct {
	Mobile  string `json:"mobile"`
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// batchToExternalUserID serves POST externalcontact/batch_to_external_userid
// (手机号转外部联系人ID). The simulator has no school contacts: a mobile
// converts to every customer that an active member noted it for
// (remark_mobiles), one success_list entry each; a mobile nobody noted goes
// to fail_list with 60136. mobiles: 1 to 100 (40058); duplicates are
// answered once.
type mobilesRequest struct {
	Mobiles []string `json:"mobiles"`
}

func (s *Server) batchToExternalUserID(c *call, req *mobilesRequest) (any, error) {
	if err := checkList("mobiles", req.Mobiles, true, 100); err != nil {
		return nil, err
	}
	out := struct {
		SuccessList []mobileSuccess `json:"success_list"`
		FailList    []mobileFailure `json:"fail_list"`
	}{SuccessList: []mobileSuccess{}, FailList: []mobileFailure{}}
	seen := map[string]bool{}
	for _, mob := range req.Mobiles {
		if seen[mob] {
			continue
		}
		seen[mob] = true
		found := map[string]bool{}
		for _, r := range c.st.relations {
			if !found[r.ExternalUserID] && c.st.activeMember(r.UserID) != nil && slices.Contains(r.RemarkMobiles, mob) {
				found[r.ExternalUserID] = true
				out.SuccessList = append(out.SuccessList, mobileSuccess{Mobile: mob, ExternalUserID: r.ExternalUserID})
			}
		}
		if len(found) == 0 {
			out.FailList = append(out.FailList, mobileFailure{Mobile: mob, ErrCode: codeRecordNotFound, ErrMsg: errText(codeRecordNotFound)})
		}
	}
	return out, nil
}

// finishExternalUserIDMigration serves POST
// service/externalcontact/finish_external_userid_migration (设置迁移完成), with
// a provider_access_token: corpid is required (41002) and must be the
// simulated corp's (40013). It marks the provider's external_userid
// migration finished (Data.ExternalUserIDMigrated); a second call answers
// ok too. From then on the conversions of old ids to new ones end, as
// WeCom documents (97107: forbidden once the migration is marked
// finished): get_new_external_userid and
// groupchat/get_new_external_userid answer 48002 api forbidden.
func (s *Server) finishExternalUserIDMigration(c *call, req *finishMigrationRequest) (any, error) {
	if req.CorpID != s.CorpID {
		return nil, errDetail(codeInvalidCorpID, "%s", req.CorpID)
	}
	idConvertKey.of(c.st).migrated = true
	return nil, nil
}

type finishMigrationRequest struct {
	CorpID string `json:"corpid" wt:"required=41002"`
}

// checkNotMigrated answers 48002 once the migration is finished.
func (st *store) checkNotMigrated() error {
	if idConvertKey.of(st).migrated {
		return errDetail(codeAPIForbidden, "the external_userid migration is finished (finish_external_userid_migration)")
	}
	return nil
}
