package exec

import "testing"

func TestIPFunctions(t *testing.T) {
	cases := []struct {
		ip string
		v4 bool
		v6 bool
	}{
		{"0.0.0.0", true, false},
		{"255.255.255.255", true, false},
		{"256.1.1.1", false, false},
		{"1.2.3", false, false},
		{"1.2.3.4.5", false, false},
		{"01.2.3.4", false, false},
		{"1.2.3.-4", false, false},
		{"::", false, true},
		{"::1", false, true},
		{"2001:db8::8a2e:370:7334", false, true},
		{"2001:0db8:0000:0000:0000:8a2e:0370:7334", false, true},
		{"1:2:3:4:5:6:7:8", false, true},
		{"1:2:3:4:5:6:7:8:9", false, false},
		{"1::2::3", false, false},
		{"12345::", false, false},
		{"::ffff:10.0.0.1", false, true},
		{"1:2:3:4:5:6:1.2.3.4", false, true},
		{"1:2:3:4:5:6:7:1.2.3.4", false, false},
		{"g::1", false, false},
		{"fe80::1%eth0", false, false},
		{"", false, false},
	}
	for _, c := range cases {
		if got := isIPv4(c.ip); got != c.v4 {
			t.Errorf("isIPv4(%q) = %v", c.ip, got)
		}
		if got := isIPv6(c.ip); got != c.v6 {
			t.Errorf("isIPv6(%q) = %v", c.ip, got)
		}
	}
	subnets := []struct {
		ip, cidr string
		v4, v6   bool
		want     bool
	}{
		{"192.0.2.77", "192.0.2.0/24", true, true, true},
		{"192.0.3.77", "192.0.2.0/24", true, true, false},
		{"192.0.2.77", "192.0.2.64/26", true, false, true},
		{"192.0.2.77", "192.0.2.96/27", true, false, false},
		{"10.1.2.3", "0.0.0.0/0", true, false, true},
		{"10.1.2.3", "10.1.2.3/32", true, false, true},
		{"10.1.2.3", "10.1.2.3/33", true, false, false},
		{"10.1.2.3", "10.1.2.3/08", true, false, false},
		{"10.1.2.3", "10.1.2.3", true, false, false},
		{"2001:db8::1", "2001:db8::/32", true, true, true},
		{"2001:db9::1", "2001:db8::/32", false, true, false},
		{"2001:db8::1", "2001:db8::/32", true, false, false},
		{"2001:db8::1", "192.0.2.0/24", true, true, false},
	}
	for _, s := range subnets {
		if got := inSubnet(s.ip, s.cidr, s.v4, s.v6); got != s.want {
			t.Errorf("inSubnet(%q, %q, %v, %v) = %v", s.ip, s.cidr, s.v4, s.v6, got)
		}
	}
	m := `{"a":"10.0.0.5","b":"2001:db8::1"}`
	runEvalCases(t, []evalCase{
		{"isValidIp(a)", m, "1"},
		{"isValidIp(missing)", m, "0"},
		{"isValidIpV4(b)", m, "0"},
		{"isValidIpV6(b)", m, "1"},
		{"isIpInSubnet(a, \"10.0.0.0/24\")", m, "1"},
		{"isIpInSubnet(b, \"2001:db8::/48\")", m, "1"},
		{"isIpv4InSubnet(b, \"2001:db8::/48\")", m, "0"},
		{"isIpv6InSubnet(a, \"10.0.0.0/24\")", m, "0"},
		{"isIpInSubnet(a, missing)", m, "0"},
	})
}
