package worktest

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// sizes are the knobs of the generated data.
type sizes struct {
	members, customersPerMember, groupChats, resigned int
}

// Member ids and names of the generated corp, in order. Beyond the list,
// ids are "member013", "member014" … (and "resigned03" … for resigned ones).
var (
	activeIDs     = []string{"zhangsan", "lisi", "wangwu", "zhaoliu", "sunqi", "zhouba", "wujiu", "zhengshi", "chenyi", "liuer", "yangsan", "huangsi"}
	activeNames   = []string{"张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十", "陈一", "刘二", "杨三", "黄四"}
	resignedIDs   = []string{"qianduo", "zhouquan"}
	resignedNames = []string{"钱多", "周全"}
)

// NoContactMember is the userid of the generated member who has no 客户联系
// (not in get_follow_user_list; externalcontact/list answers 84061).
const NoContactMember = "xiaoming"

var (
	surnames     = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"}
	givenNames   = []string{"伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "霞", "平", "刚"}
	positions    = []string{"采购经理", "技术总监", "销售代表", "运营主管", "工程师", "总经理", "市场专员"}
	corpShort    = []string{"星河科技", "青松教育", "海纳物流", "云帆软件", "天工制造", "晨光零售", "远山医疗"}
	corpCities   = []string{"深圳市", "杭州市", "上海", "北京", "成都市", "广州市"}
	descriptions = []string{"对接采购事务", "咨询产品报价", "老客户，年度复购", "展会上认识", "需要技术方案", "售后问题跟进"}
	remarkSuffix = []string{"总", "经理", "老师", "-采购", "-技术", ""}
	personalTags = []string{"重点跟进", "待回访", "已报价", "朋友介绍"}
	addWays      = []int{1, 1, 1, 2, 3, 3, 4, 5, 6, 7, 9, 10, 16, 201, 202}
	states       = []string{"expo2024", "website_qr", "ads_spring", "shop_poster"}
	chatNames    = []string{"销售客服群", "VIP客户群", "产品交流群", "售后服务群", "新品体验群", "渠道合作群"}
	chatNotices  = []string{"文明沟通，请勿刷屏", "工作日 9:00-18:00 在线答疑", "新品资料见群文件"}
	nicknames    = []string{"小助手", "老客户", "采购小王", "技术支持"}
	channelNames = []string{"星河科技官方", "云帆软件直播间", "晨光生活"}
)

// tag groups of the generated corp: name, then tag names; the last group
// is a strategy (规则组) group.
var seedTagGroups = []struct {
	name       string
	strategyID int64
	tags       []string
}{
	{"客户等级", 0, []string{"重要客户", "普通客户", "潜在客户"}},
	{"客户来源", 0, []string{"展会", "官网", "转介绍", "广告投放"}},
	{"所属行业", 0, []string{"制造业", "教育", "零售", "互联网"}},
	{"渠道规则", 1, []string{"渠道A", "渠道B"}},
}

const day = int64(24 * time.Hour / time.Second)

// generate builds the seeded corp. Everything is a function of seed, sz
// and ref (all timestamps are before ref), iterated in slice order, so the
// result is the same byte for byte on every run.
func generate(seed int64, sz sizes, ref time.Time) *Data {
	r := newRNG(seed, 2)
	now := ref.Unix()
	d := &Data{}

	// Members: active with 客户联系, one without, then resigned ones.
	var active, resigned []string
	for i := 0; i < sz.members; i++ {
		id, name := fmt.Sprintf("member%03d", i+1), fmt.Sprintf("成员%03d", i+1)
		if i < len(activeIDs) {
			id, name = activeIDs[i], activeNames[i]
		}
		d.Members = append(d.Members, Member{UserID: id, Name: name, ExternalContact: true})
		active = append(active, id)
	}
	d.Members = append(d.Members, Member{UserID: NoContactMember, Name: "小明"})
	dimission := map[string]int64{}
	for i := 0; i < sz.resigned; i++ {
		id, name := fmt.Sprintf("resigned%02d", i+1), fmt.Sprintf("离职成员%02d", i+1)
		if i < len(resignedIDs) {
			id, name = resignedIDs[i], resignedNames[i]
		}
		t := now - int64(r.between(1, 90))*day - int64(r.intn(int(day)))
		d.Members = append(d.Members, Member{UserID: id, Name: name, ExternalContact: true, DimissionTime: t})
		resigned = append(resigned, id)
		dimission[id] = t
	}

	// Tags.
	var corpTags, strategyTags []string
	for gi, sg := range seedTagGroups {
		prefix := "et"
		if sg.strategyID > 0 {
			prefix = "st"
		}
		created := now - int64(r.between(200, 800))*day
		g := TagGroup{GroupID: prefix + r.alnum(30), GroupName: sg.name, CreateTime: created,
			Order: int64(len(seedTagGroups) - gi), StrategyID: sg.strategyID}
		for ti, name := range sg.tags {
			t := Tag{ID: prefix + r.alnum(30), Name: name, CreateTime: created + int64(r.intn(30))*day, Order: int64(len(sg.tags) - ti)}
			if name == "广告投放" {
				t.Deleted = true // one deleted tag, as get_corp_tag_list may show
			} else if sg.strategyID > 0 {
				strategyTags = append(strategyTags, t.ID)
			} else {
				corpTags = append(corpTags, t.ID)
			}
			g.Tags = append(g.Tags, t)
		}
		d.TagGroups = append(d.TagGroups, g)
	}

	// Customers: a pool about three quarters the number of relations, so
	// that about a quarter of the customers are shared by two members.
	owners := append(slices.Clone(active), resigned...)
	total := len(owners) * sz.customersPerMember
	pool := max(sz.customersPerMember, total*3/4)
	if total == 0 {
		pool = 0
	}
	for i := 0; i < pool; i++ {
		d.Customers = append(d.Customers, genCustomer(r))
	}
	// Relations: the (member, n) slots are shuffled; the first pool slots
	// take one customer each, so every customer has a member, and the rest
	// take a random customer that member does not have yet.
	slots := make([]int, 0, total) // owner index per slot
	for k := range owners {
		for j := 0; j < sz.customersPerMember; j++ {
			slots = append(slots, k)
		}
	}
	for i := len(slots) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		slots[i], slots[j] = slots[j], slots[i]
	}
	has := make([]map[int]bool, len(owners))
	for k := range has {
		has[k] = map[int]bool{}
	}
	for i, k := range slots {
		ci := i
		if i >= pool {
			for ci = r.intn(pool); has[k][ci]; ci = r.intn(pool) {
			}
		}
		has[k][ci] = true
		uid := owners[k]
		rel := genRelation(r, uid, &d.Customers[ci], now, corpTags, strategyTags)
		if t, ok := dimission[uid]; ok && rel.CreateTime >= t {
			rel.CreateTime = t - int64(r.between(1, 300))*day
		}
		d.Relations = append(d.Relations, rel)
	}
	// Relations enter the store oldest first, as they happened.
	slices.SortStableFunc(d.Relations, func(a, b Relation) int { return cmp.Compare(a.CreateTime, b.CreateTime) })

	// The groups' data (group chats, …), each from its group's seed hook.
	seedGroups(seed, r, sz, now, d)
	return d
}

func genName(r *rng) string {
	return pick(r, surnames) + pick(r, givenNames) + pick(r, []string{"", pick(r, givenNames)})
}

func genCustomer(r *rng) Customer {
	if r.chance(70) {
		return Customer{
			ExternalUserID: "wm" + r.alnum(30),
			Name:           genName(r),
			Avatar:         "http://wx.qlogo.cn/mmhead/" + r.alnum(40) + "/0",
			Type:           CustomerWeChat,
			Gender:         pick(r, []int{0, 1, 1, 2, 2}),
			UnionID:        "oz" + r.alnum(26),
		}
	}
	corp := pick(r, corpShort)
	c := Customer{
		ExternalUserID: "wo" + r.alnum(30),
		Name:           genName(r),
		Position:       pick(r, positions),
		Avatar:         "https://p.qlogo.cn/bizmail/" + r.alnum(28) + "/0",
		CorpName:       corp,
		CorpFullName:   pick(r, corpCities) + corp + "有限公司",
		Type:           CustomerWeCom,
		Gender:         pick(r, []int{0, 1, 2}),
	}
	p := &ExternalProfile{ExternalCorpName: corp}
	p.ExternalAttr = append(p.ExternalAttr, ExternalAttr{Type: 0, Name: "工号", Text: &AttrText{Value: strconv.Itoa(r.between(10000, 99999))}})
	if r.chance(60) {
		p.ExternalAttr = append(p.ExternalAttr, ExternalAttr{Type: 1, Name: "官网", Web: &AttrWeb{URL: "https://www.example.com/" + r.alnum(6), Title: corp}})
	}
	if r.chance(30) {
		p.ExternalAttr = append(p.ExternalAttr, ExternalAttr{Type: 2, Name: "小程序", MiniProgram: &AttrMiniProgram{AppID: "wx" + r.hex(16), PagePath: "/pages/index", Title: corp + "服务"}})
	}
	c.ExternalProfile = p
	return c
}

func genRelation(r *rng, userID string, c *Customer, now int64, corpTags, strategyTags []string) Relation {
	rel := Relation{
		UserID:         userID,
		ExternalUserID: c.ExternalUserID,
		CreateTime:     now - int64(r.between(1, 720))*day - int64(r.intn(int(day))),
		AddWay:         pick(r, addWays),
	}
	if r.chance(60) {
		rel.Remark = truncRunes(c.Name+pick(r, remarkSuffix), 20)
	}
	if r.chance(40) {
		rel.Description = pick(r, descriptions)
	}
	for n := r.intn(3); n > 0 && len(corpTags) > 0; n-- {
		if id := pick(r, corpTags); !slices.Contains(rel.TagIDs, id) {
			rel.TagIDs = append(rel.TagIDs, id)
		}
	}
	if len(strategyTags) > 0 && r.chance(25) {
		rel.TagIDs = append(rel.TagIDs, pick(r, strategyTags))
	}
	if r.chance(15) {
		rel.PersonalTags = []PersonalTag{{GroupName: "个人标签", TagName: pick(r, personalTags)}}
	}
	if r.chance(30) {
		for n := r.between(1, 2); n > 0; n-- {
			rel.RemarkMobiles = append(rel.RemarkMobiles, "1"+pick(r, []string{"3", "5", "8"})+strconv.Itoa(r.between(100000000, 999999999)))
		}
	}
	switch {
	case c.Type == CustomerWeCom && r.chance(40):
		rel.RemarkCorpName = c.CorpName
	case c.Type == CustomerWeChat && r.chance(20):
		rel.RemarkCorpName = pick(r, corpShort)
	}
	switch rel.AddWay {
	case 2, 5, 6, 9, 201, 202: // the member searched, imported or was assigned
		rel.OperUserID = userID
	default: // the customer scanned, shared, joined or applied
		rel.OperUserID = c.ExternalUserID
	}
	if (rel.AddWay == 1 || rel.AddWay == 16) && r.chance(50) {
		rel.State = pick(r, states)
	}
	if rel.AddWay == 10 {
		rel.WeChatChannels = &WeChatChannels{Nickname: pick(r, channelNames), Source: r.between(1, 2)}
	}
	return rel
}

func truncRunes(s string, n int) string {
	rs := []rune(s)
	if len(rs) > n {
		rs = rs[:n]
	}
	return string(rs)
}

func genGroupChat(r *rng, i int, owner string, status int, active []string, customers []Customer, now int64) GroupChat {
	name := chatNames[i%len(chatNames)]
	if i >= len(chatNames) {
		name += strconv.Itoa(i/len(chatNames) + 1)
	}
	created := now - int64(r.between(30, 500))*day
	c := GroupChat{ChatID: "wr" + r.alnum(30), Name: name, Owner: owner, CreateTime: created,
		MemberVersion: r.hex(32), Status: status}
	if r.chance(50) {
		c.Notice = pick(r, chatNotices)
	}
	joined := func() int64 { return created + int64(r.intn(int((now-created)/day)+1))*day }
	c.Members = append(c.Members, ChatMember{UserID: owner, Type: ChatMemberInternal, JoinTime: created, JoinScene: 1})
	seen := map[string]bool{owner: true}
	for n := r.between(1, 3); n > 0; n-- {
		uid := pick(r, active)
		if seen[uid] {
			continue
		}
		seen[uid] = true
		c.Members = append(c.Members, ChatMember{UserID: uid, Type: ChatMemberInternal, JoinTime: joined(),
			JoinScene: 1, Invitor: &Invitor{UserID: owner}})
		if r.chance(50) {
			c.Admins = append(c.Admins, ChatAdmin{UserID: uid})
		}
	}
	for n := r.between(2, 6); n > 0 && len(customers) > 0; n-- {
		cust := &customers[r.intn(len(customers))]
		if seen[cust.ExternalUserID] {
			continue
		}
		seen[cust.ExternalUserID] = true
		m := ChatMember{UserID: cust.ExternalUserID, Type: ChatMemberExternal, JoinTime: joined(),
			JoinScene: r.between(1, 3), Name: cust.Name}
		if cust.Type == CustomerWeChat {
			m.UnionID = cust.UnionID
		}
		if m.JoinScene == 1 {
			m.Invitor = &Invitor{UserID: owner}
		}
		if r.chance(30) {
			m.GroupNickname = pick(r, nicknames)
		}
		if m.JoinScene == 3 && r.chance(50) {
			m.State = pick(r, states)
		}
		c.Members = append(c.Members, m)
	}
	return c
}
