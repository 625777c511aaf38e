package worktest

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// Fidelity scenarios of the 获客助手 and 家校沟通 groups (fidelity_test.go).

// fidelityLink makes a link with every field get answers: members and a
// department, a priority option.
func fidelityLink(t *testing.T, f *fidelity) string {
	t.Helper()
	users := activeMembers(f.d)[:2]
	var out struct {
		Link struct {
			LinkID string `json:"link_id"`
		} `json:"link"`
	}
	r := apiWith(t, f.s, f.tok, http.MethodPost, acqPath+"create_link", nil, mustJSON(t, map[string]any{
		"link_name": "保真", "range": map[string]any{"user_list": users, "department_list": []int{1}},
		"priority_option": map[string]any{"priority_type": 2, "priority_userid_list": users[:1]}}))
	require.Zero(t, r.ErrCode, r.ErrMsg)
	r.decode(t, &out)
	return out.Link.LinkID
}

func init() {
	addFidelity(acqPath+"create_link", func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, acqPath+"create_link", map[string]any{"link_name": "保真", "range": map[string]any{"department_list": []int{1}}})}
	})
	addFidelity(acqPath+"get", func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, acqPath+"get", map[string]any{"link_id": fidelityLink(t, f)})}
	})
	addFidelity(acqPath+"list_link", func(t *testing.T, f *fidelity) [][]byte {
		fidelityLink(t, f)
		fidelityLink(t, f)
		return [][]byte{f.post(t, acqPath+"list_link", map[string]any{"limit": 1})}
	})
	addFidelity(acqPath+"update_link", func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, acqPath+"update_link", map[string]any{"link_id": fidelityLink(t, f), "link_name": "改名"})}
	})
	addFidelity(acqPath+"delete_link", func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, acqPath+"delete_link", map[string]any{"link_id": fidelityLink(t, f)})}
	})
	addFidelity(acqPath+"customer", func(t *testing.T, f *fidelity) [][]byte {
		id := fidelityLink(t, f)
		for i := 0; i < 2; i++ {
			_, err := f.s.Acquisition().Open(context.Background(), acqLinkHost+id+"?customer_channel=CHANNEL_A", AcquisitionVisitor{})
			require.NoError(t, err)
		}
		return [][]byte{f.post(t, acqPath+"customer", map[string]any{"link_id": id, "limit": 1})}
	})
	addFidelity(acqPath+"statistic", func(t *testing.T, f *fidelity) [][]byte {
		day := dayStart(f.s.Clock().Now().Unix())
		return [][]byte{f.post(t, acqPath+"statistic", map[string]any{"link_id": fidelityLink(t, f), "start_time": day, "end_time": day})}
	})
	addFidelity(acqPath+"get_chat_info", func(t *testing.T, f *fidelity) [][]byte {
		id := fidelityLink(t, f)
		v, err := f.s.Acquisition().Open(context.Background(), acqLinkHost+id+"?customer_channel=c", AcquisitionVisitor{})
		require.NoError(t, err)
		var key string
		for key == "" {
			key, err = f.s.Acquisition().Message(context.Background(), v.UserID, v.ExternalUserID)
			require.NoError(t, err)
		}
		return [][]byte{f.post(t, acqPath+"get_chat_info", map[string]any{"chat_key": key})}
	})
	addFidelity("externalcontact/customer_acquisition_quota", func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.get(t, "externalcontact/customer_acquisition_quota", nil)}
	})
	addFidelity("externalcontact/customer_acquisition_app/get_permit", func(t *testing.T, f *fidelity) [][]byte {
		require.NoError(t, f.s.Acquisition().SetApp(AcquisitionMarketingApp))
		defer func() { require.NoError(t, f.s.Acquisition().SetApp(AcquisitionSelfBuiltApp)) }()
		return [][]byte{f.get(t, "externalcontact/customer_acquisition_app/get_permit", nil)}
	})

	addFidelity("externalcontact/get_subscribe_qr_code", func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.get(t, "externalcontact/get_subscribe_qr_code", nil)}
	})
	addFidelity("externalcontact/set_subscribe_mode", func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, "externalcontact/set_subscribe_mode", map[string]any{"subscribe_mode": 1})}
	})
	addFidelity("externalcontact/get_subscribe_mode", func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.get(t, "externalcontact/get_subscribe_mode", nil)}
	})
	addFidelity("externalcontact/message/send", func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, "externalcontact/message/send", map[string]any{"recv_scope": 2, "to_parent_userid": []string{"nobody"},
			"to_student_userid": []string{"ghost"}, "to_party": []int{99}, "msgtype": "text", "agentid": 1, "text": map[string]any{"content": "x"}})}
	})

	fidelityExceptions[acqPath+"get"] = map[string]string{
		"link.link_id": "the catalogue's row merges create_link's link; WeCom's get example (and the simulator) answer the link without its id",
		"skip_verify":  "the catalogue puts skip_verify at the top; WeCom's get example has it inside link, where the simulator sends it",
	}
	fidelityExceptions["externalcontact/message/send"] = map[string]string{
		"invalid_external_user": "the example's older 家校 form (to_external_user), which the catalogue row and the SDK do not send; the simulator answers the rows' three lists",
	}
	fidelityGroups["acquisition"] = true
	fidelityGroups["school"] = true
}
