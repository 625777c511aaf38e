package worktest

import "testing"

// Fidelity scenarios of the 客户联系统计 group (fidelity_test.go): the
// figures of the day before yesterday and yesterday.

func init() {
	const sp = "externalcontact/"
	yesterday := func(f *fidelity) (begin, end int64) {
		d := dayStart(f.s.Clock().Now().Unix()) - 86400
		return d - 86400, d
	}
	addFidelity(sp+"get_user_behavior_data", func(t *testing.T, f *fidelity) [][]byte {
		begin, end := yesterday(f)
		return [][]byte{f.post(t, sp+"get_user_behavior_data", map[string]any{"userid": activeMembers(f.d)[:2], "start_time": begin, "end_time": end})}
	})
	addFidelity(sp+"groupchat/statistic", func(t *testing.T, f *fidelity) [][]byte {
		begin, end := yesterday(f)
		return [][]byte{f.post(t, sp+"groupchat/statistic", map[string]any{"day_begin_time": begin, "day_end_time": end, "limit": 1})}
	})
	addFidelity(sp+"groupchat/statistic_group_by_day", func(t *testing.T, f *fidelity) [][]byte {
		begin, end := yesterday(f)
		return [][]byte{f.post(t, sp+"groupchat/statistic_group_by_day", map[string]any{"day_begin_time": begin, "day_end_time": end})}
	})
	fidelityGroups["statistics"] = true
}
