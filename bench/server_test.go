package bench

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The child process serves WeCom answers when this variable is set.
const serveEnv = "WECOM_BENCH_SERVE"

// TestMain turns the test binary into the fake WeCom when asked to.
func TestMain(m *testing.M) {
	if os.Getenv(serveEnv) == "1" {
		serve()
		return
	}
	os.Exit(m.Run())
}

func serve() {
	get := []byte(getBody)
	batch := batchPage(100)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	fmt.Println(ln.Addr().String())
	// The parent closes our stdin when it is done.
	go func() { io.Copy(io.Discard, os.Stdin); os.Exit(0) }()
	http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		switch r.URL.Path {
		case "/cgi-bin/gettoken":
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","access_token":"BENCH_TOKEN","expires_in":7200}`)
		case "/cgi-bin/externalcontact/get":
			w.Write(get)
		case "/cgi-bin/externalcontact/batch/get_by_user":
			w.Write(batch)
		case "/cgi-bin/media/upload":
			io.WriteString(w, `{"errcode":0,"errmsg":"ok","type":"file","media_id":"1G6nrLmr5EC3MMb_-zK1dDdzmd0p7cNliYu9V5w7o8K0","created_at":"1380000000"}`)
		default:
			http.NotFound(w, r)
		}
	}))
}

// startServer runs the fake WeCom in a child process and returns its base
// URL.
func startServer(b *testing.B) string {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), serveEnv+"=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { stdin.Close(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || strings.HasPrefix(line, "ERR") {
		b.Fatalf("child server: %q %v", line, err)
	}
	return "http://" + strings.TrimSpace(line)
}

// batchPage builds a realistic n-contact batch/get_by_user answer (135 KB
// for 100).
func batchPage(n int) []byte {
	var sb strings.Builder
	sb.WriteString(`{"errcode":0,"errmsg":"ok","external_contact_list":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"external_contact":{"external_userid":"wmAJ2GCAAAXtWyujaWJHDDGi0mACH%03d","name":"客户%d","position":"采购经理","avatar":"https://wework.qpic.cn/wwhead/duc2TvpEgSSjibPZlNR6chpx%d/0","corp_name":"腾讯","corp_full_name":"腾讯科技有限公司","type":%d,"gender":%d,"unionid":"ozynqsulJFCZ2z1aYeS8h-nuas%03d","external_profile":{"external_attr":[{"type":0,"name":"文本名称","text":{"value":"文本"}},{"type":1,"name":"网页名称","web":{"url":"http://www.test.com","title":"标题"}},{"type":2,"name":"测试app","miniprogram":{"appid":"wx8bd80126147dFAKE","pagepath":"/index","title":"my miniprogram"}}]}},"follow_info":{"userid":"zhangsan","remark":"备注%d","description":"对接采购事务","createtime":%d,"tag_id":["etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA","etAJ2GCAAAXtWyujaWJHDDGi0mACHBBB","stAJ2GCAAAXtWyujaWJHDDGi0mACHCCC"],"remark_corp_name":"腾讯科技","remark_mobiles":["1380000%04d","1390000%04d"],"oper_userid":"zhangsan","add_way":1,"state":"channel-%d","wechat_channels":{"nickname":"视频号名称","source":1}}}`,
			i, i, i, 1+i%2, 1+i%2, i, i, 1700000000+i, i, i, i%7)
	}
	sb.WriteString(`],"next_cursor":"r9FqSqsI8fgNbHLHE5QoCP50UIg2cFQbfma3l2QsmwI"}`)
	return []byte(sb.String())
}

// getBody is an externalcontact/get answer shaped like WeCom's example
// (2.2 KB).
const getBody = `{"errcode":0,"errmsg":"ok","external_contact":{"external_userid":"woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA","name":"李四","position":"Manager","avatar":"http://p.qlogo.cn/bizmail/IcsdgagqefergqerhewSdage/0","corp_name":"腾讯","corp_full_name":"腾讯科技有限公司","type":2,"gender":1,"unionid":"ozynqsulJFCZ2z1aYeS8h-nuasdAAA","external_profile":{"external_attr":[{"type":0,"name":"文本名称","text":{"value":"文本"}},{"type":1,"name":"网页名称","web":{"url":"http://www.test.com","title":"标题"}},{"type":2,"name":"测试app","miniprogram":{"appid":"wx8bd80126147dFAKE","pagepath":"/index","title":"my miniprogram"}}]}},"follow_user":[{"userid":"rocky","remark":"李部长","description":"对接采购事务","createtime":1525779812,"tags":[{"group_name":"标签分组名称","tag_name":"标签名称","tag_id":"etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA","type":1},{"group_name":"标签分组名称","tag_name":"标签名称","type":2},{"group_name":"标签分组名称","tag_name":"标签名称","tag_id":"stAJ2GCAAAXtWyujaWJHDDGi0mACHAAA","type":3}],"remark_corp_name":"腾讯科技","remark_mobiles":["13800000001","13000000002"],"oper_userid":"rocky","add_way":1,"wechat_channels":{"nickname":"视频号名称","source":1}},{"userid":"tommy","remark":"李总","description":"采购问题咨询","createtime":1525881637,"state":"外联二维码1","oper_userid":"woAJ2GCAAAd1asdasdjO4wKmE8AabjBBB","add_way":3},{"userid":"jenny","remark":"李四","description":"老客户","createtime":1525881700,"tags":[{"group_name":"客户等级","tag_name":"VIP","tag_id":"etAJ2GCAAAXtWyujaWJHDDGi0mACHCCC","type":1}],"remark_mobiles":["13800000003"],"oper_userid":"jenny","add_way":2,"state":"campaign-2024"},{"userid":"frank","remark":"李四-华东","description":"华东区对接","createtime":1525882000,"tags":[{"group_name":"区域","tag_name":"华东","tag_id":"etAJ2GCAAAXtWyujaWJHDDGi0mACHDDD","type":1}],"remark_corp_name":"腾讯科技(上海)","oper_userid":"frank","add_way":1}]}`
