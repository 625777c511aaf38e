package externalcontact

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCustomerEnumStrings(t *testing.T) {
	for v, want := range map[fmt.Stringer]string{
		CustomerWeChat: "wechat", CustomerWeCom: "wecom", CustomerType(3): "CustomerType(3)",
		GenderUnknown: "unknown", GenderMale: "male", GenderFemale: "female", Gender(9): "Gender(9)",
		AddWayQRCode: "qrcode", AddWayAcquisitionLink: "acquisition_link", AddWayAdminAssign: "admin_assign",
		AddWay(11): "AddWay(11)",
		TagCorp:    "corp", TagUser: "user", TagStrategy: "strategy", TagType(0): "TagType(0)",
		ExternalAttrText: "text", ExternalAttrWeb: "web", ExternalAttrMiniProgram: "miniprogram",
		ExternalAttrType(3): "ExternalAttrType(3)",
	} {
		assert.Equal(t, want, v.String())
	}
}
