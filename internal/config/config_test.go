package config

import "testing"

func TestFromEnvAndValidate(t *testing.T) {
	cases := []struct {
		name    string
		env     map[string]string
		wantErr bool
		account string
	}{
		{name: "no key", env: nil},
		{name: "key default account", env: map[string]string{"OPENWATCH_ACCESS_KEY_ID": "AKIAEXAMPLEEXAMPLE1", "OPENWATCH_SECRET_ACCESS_KEY": "s3cr3t"}, account: "000000000000"},
		{name: "key custom account", env: map[string]string{"OPENWATCH_ACCESS_KEY_ID": "AKIAEXAMPLEEXAMPLE1", "OPENWATCH_SECRET_ACCESS_KEY": "s", "OPENWATCH_ACCOUNT_ID": "123456789012"}, account: "123456789012"},
		{name: "id without secret", env: map[string]string{"OPENWATCH_ACCESS_KEY_ID": "AKIAEXAMPLEEXAMPLE1"}, wantErr: true},
		{name: "short id", env: map[string]string{"OPENWATCH_ACCESS_KEY_ID": "AKIA", "OPENWATCH_SECRET_ACCESS_KEY": "s"}, wantErr: true},
		{name: "bad account", env: map[string]string{"OPENWATCH_ACCESS_KEY_ID": "AKIAEXAMPLEEXAMPLE1", "OPENWATCH_SECRET_ACCESS_KEY": "s", "OPENWATCH_ACCOUNT_ID": "12ab"}, wantErr: true},
		{name: "smtp", env: map[string]string{"OPENWATCH_SMTP_ADDR": "127.0.0.1:25", "OPENWATCH_SMTP_FROM": "alarms@example.test"}},
		{name: "smtp with login", env: map[string]string{"OPENWATCH_SMTP_ADDR": "mail.example.test:587", "OPENWATCH_SMTP_FROM": "OpenWatch <alarms@example.test>",
			"OPENWATCH_SMTP_USERNAME": "u", "OPENWATCH_SMTP_PASSWORD": "p"}},
		{name: "smtp without sender", env: map[string]string{"OPENWATCH_SMTP_ADDR": "127.0.0.1:25"}, wantErr: true},
		{name: "smtp bad sender", env: map[string]string{"OPENWATCH_SMTP_ADDR": "127.0.0.1:25", "OPENWATCH_SMTP_FROM": "nobody"}, wantErr: true},
		{name: "smtp without port", env: map[string]string{"OPENWATCH_SMTP_ADDR": "mail", "OPENWATCH_SMTP_FROM": "a@example.test"}, wantErr: true},
		{name: "smtp sender without server", env: map[string]string{"OPENWATCH_SMTP_FROM": "a@example.test"}, wantErr: true},
		{name: "smtp user without password", env: map[string]string{"OPENWATCH_SMTP_ADDR": "127.0.0.1:25", "OPENWATCH_SMTP_FROM": "a@example.test", "OPENWATCH_SMTP_USERNAME": "u"}, wantErr: true},
		{name: "public url", env: map[string]string{"OPENWATCH_PUBLIC_URL": "https://watch.example.test"}},
		{name: "bad public url", env: map[string]string{"OPENWATCH_PUBLIC_URL": "watch.example.test"}, wantErr: true},
		{name: "debug addr", env: map[string]string{"OPENWATCH_DEBUG_ADDR": "127.0.0.1:6060"}},
		{name: "bad debug addr", env: map[string]string{"OPENWATCH_DEBUG_ADDR": "6060"}, wantErr: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := Default()
			c.FromEnv(func(k string) string { return tc.env[k] })
			err := c.Validate()
			if (err != nil) != tc.wantErr {
				t.Fatalf("Validate() = %v, wantErr %v", err, tc.wantErr)
			}
			if tc.account != "" && c.Bootstrap.AccountID != tc.account {
				t.Fatalf("account = %q, want %q", c.Bootstrap.AccountID, tc.account)
			}
		})
	}
}

func TestValidateAddr(t *testing.T) {
	c := Default()
	c.Addr = "no-port"
	if err := c.Validate(); err == nil {
		t.Fatal("want error for address without port")
	}
}

func TestValidateMemoryLimit(t *testing.T) {
	c := Default()
	if c.MemoryLimitMB != DefaultMemoryLimitMB || c.Validate() != nil {
		t.Fatalf("default memory limit %d: %v", c.MemoryLimitMB, c.Validate())
	}
	c.MemoryLimitMB = -1
	if err := c.Validate(); err == nil {
		t.Fatal("want error for a negative memory limit")
	}
}
