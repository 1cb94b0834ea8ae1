package eventpattern

import "testing"

// ec2Event is the EC2 state-change event of the EventBridge user guide.
const ec2Event = `{
  "version": "0",
  "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "EC2 Instance State-change Notification",
  "source": "aws.ec2",
  "account": "111122223333",
  "time": "2017-12-22T18:43:48Z",
  "region": "us-west-1",
  "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
  "detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated"}
}`

// rulerEvent is the sample event the content-filtering examples are
// written against.
const rulerEvent = `{
  "version": "0",
  "id": "ddddd4-aaaa-7777-4444-345dd43cc333",
  "detail-type": "EC2 Instance State-change Notification",
  "source": "aws.ec2",
  "account": "012345679012",
  "time": "2017-10-02T16:24:49Z",
  "region": "us-east-1",
  "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000"],
  "detail": {
    "c-count": 5,
    "d-count": 3,
    "x-limit": 301.8,
    "source-ip": "10.0.0.33",
    "instance-id": "i-000000aaaaaa00000",
    "state": "running"
  }
}`

// autoscalingEvent has an empty string and a null, from "Matching null
// values and empty strings".
const autoscalingEvent = `{
  "version": "0",
  "id": "3e3c153a-8339-4e30-8c35-687ebef853fe",
  "detail-type": "EC2 Instance Launch Successful",
  "source": "aws.autoscaling",
  "account": "123456789012",
  "time": "2015-11-11T21:31:47Z",
  "region": "us-east-1",
  "resources": [],
  "detail": {"eventVersion": "", "responseElements": null}
}`

const macieEvent = `{
  "version": "0",
  "id": "3e355723-fca9-4de3-9fd7-154c289d6b59",
  "detail-type": "Macie Alert",
  "source": "aws.macie",
  "account": "123456789012",
  "time": "2017-04-24T22:28:49Z",
  "region": "us-east-1",
  "resources": [
    "arn:aws:macie:us-east-1:123456789012:trigger/trigger_id/alert/alert_id",
    "arn:aws:macie:us-east-1:123456789012:trigger/trigger_id"
  ],
  "detail": {
    "notification-type": "ALERT_CREATED",
    "name": "Scanning bucket policies",
    "tags": ["Custom_Alert", "Insider"],
    "risk-score": 80,
    "trigger": {"rule-arn": "arn:aws:macie:us-east-1:123456789012:trigger/trigger_id", "alert-type": "basic", "risk": 8}
  }
}`

const employeesEvent = `{
  "employees": [
    {"firstName": "John", "lastName": "Doe"},
    {"firstName": "Anna", "lastName": "Smith"},
    {"firstName": "Peter", "lastName": "Jones"}
  ]
}`

func TestMatch(t *testing.T) {
	cases := []struct {
		name, pattern, event string
		want                 bool
	}{
		// "Event patterns": the EC2 termination pattern.
		{"ec2 termination", `{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"],"detail":{"state":["terminated"]}}`, ec2Event, true},
		{"ec2 other state", `{"source":["aws.ec2"],"detail":{"state":["running"]}}`, ec2Event, false},
		{"values are OR", `{"source":["aws.ec2","aws.fargate"]}`, ec2Event, true},
		{"field missing from event", `{"detail":{"nope":["x"]}}`, ec2Event, false},
		{"nesting must agree", `{"state":["terminated"]}`, ec2Event, false},
		{"case sensitive", `{"source":["AWS.EC2"]}`, ec2Event, false},

		// Null values and empty strings.
		{"empty string", `{"detail":{"eventVersion":[""]}}`, autoscalingEvent, true},
		{"null", `{"detail":{"responseElements":[null]}}`, autoscalingEvent, true},
		{"empty string is not null", `{"detail":{"responseElements":[""]}}`, autoscalingEvent, false},
		{"null is not empty string", `{"detail":{"eventVersion":[null]}}`, autoscalingEvent, false},
		{"null field match", `{"source":["aws.autoscaling"],"detail-type":["EC2 Instance Launch Successful"],"detail":{"responseElements":[null]}}`, autoscalingEvent, true},
		{"empty event array matches nothing", `{"resources":[""]}`, autoscalingEvent, false},

		// Value matching on numbers.
		{"macie numbers", `{"source":["aws.macie"],"detail-type":["Macie Alert"],"detail":{"risk-score":[80],"trigger":{"risk":[8]}}}`, macieEvent, true},
		{"numbers compare as written", `{"detail":{"risk-score":[80.0]}}`, macieEvent, false},
		{"number is not a string", `{"detail":{"risk-score":["80"]}}`, macieEvent, false},
		{"300 vs 300.0", `{"a":[300]}`, `{"a":300.0}`, false},
		{"3.0e2 vs 3.0e2", `{"a":[3.0e2]}`, `{"a":3.0e2}`, true},
		{"booleans", `{"a":[true]}`, `{"a":true}`, true},
		{"booleans differ", `{"a":[false]}`, `{"a":true}`, false},
		{"true is not a string", `{"a":["true"]}`, `{"a":true}`, false},

		// Arrays: non-empty intersection.
		{"resources intersection", `{"resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f","arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f","arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f"]}`,
			`{"resources":["arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate","arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"]}`, true},
		{"tags element", `{"detail":{"tags":["Insider"]}}`, macieEvent, true},
		{"nested arrays", `{"a":["x"]}`, `{"a":[["y"],["x"]]}`, true},
		{"objects in arrays", `{"employees":{"firstName":["Anna"]}}`, employeesEvent, true},
		{"array consistency", `{"employees":{"firstName":["Anna"],"lastName":["Jones"]}}`, employeesEvent, false},
		{"array consistency same element", `{"employees":{"firstName":["Anna"],"lastName":["Smith"]}}`, employeesEvent, true},

		// Prefix, suffix, equals-ignore-case.
		{"prefix", `{"time":[{"prefix":"2017-10-02"}]}`, rulerEvent, true},
		{"prefix miss", `{"time":[{"prefix":"2017-10-03"}]}`, rulerEvent, false},
		{"prefix on number", `{"detail":{"c-count":[{"prefix":"5"}]}}`, rulerEvent, false},
		{"prefix ignore case", `{"detail":{"service":[{"prefix":{"equals-ignore-case":"EventB"}}]}}`, `{"detail":{"service":"eventBridge"}}`, true},
		{"prefix ignore case upper", `{"detail":{"service":[{"prefix":{"equals-ignore-case":"EventB"}}]}}`, `{"detail":{"service":"EVENTBRIDGE"}}`, true},
		{"prefix is case sensitive", `{"Region":[{"prefix":"us-"}]}`, `{"Region":"US-east-1"}`, false},
		{"suffix", `{"FileName":[{"suffix":".png"}]}`, `{"FileName":"image.png"}`, true},
		{"suffix miss", `{"FileName":[{"suffix":".png"}]}`, `{"FileName":"image.PNG"}`, false},
		{"suffix ignore case", `{"detail":{"FileName":[{"suffix":{"equals-ignore-case":".png"}}]}}`, `{"detail":{"FileName":"image.PNG"}}`, true},
		{"suffix ignore case tbridge", `{"service":[{"suffix":{"equals-ignore-case":"tBridge"}}]}`, `{"service":"EVENTBRIDGE"}`, true},
		{"suffix ec2", `{"source":[{"suffix":"ec2"}]}`, rulerEvent, true},
		{"equals-ignore-case", `{"Name":[{"equals-ignore-case":"alice"}]}`, `{"Name":"Alice"}`, true},
		{"equals-ignore-case miss", `{"Name":[{"equals-ignore-case":"alice"}]}`, `{"Name":"Alicia"}`, false},
		{"equals-ignore-case EC2", `{"source":[{"equals-ignore-case":"EC2"}]}`, `{"source":"ec2"}`, true},

		// Wildcard.
		{"wildcard", `{"FileName":[{"wildcard":"dir/*.png"}]}`, `{"FileName":"dir/a/b.png"}`, true},
		{"wildcard other folder", `{"FileName":[{"wildcard":"dir/*.png"}]}`, `{"FileName":"other/a.png"}`, false},
		{"wildcard middle", `{"source":[{"wildcard":"Simple*Service"}]}`, `{"source":"SimpleNotificationService"}`, true},
		{"wildcard empty run", `{"source":[{"wildcard":"Simple*Service"}]}`, `{"source":"SimpleService"}`, true},
		{"wildcard overlap", `{"a":[{"wildcard":"ab*ba"}]}`, `{"a":"aba"}`, false},
		{"wildcard several", `{"a":[{"wildcard":"*a*b*c*"}]}`, `{"a":"xxaxxbxxcxx"}`, true},
		{"wildcard order", `{"a":[{"wildcard":"*a*b*c*"}]}`, `{"a":"cba"}`, false},
		{"wildcard escaped star", `{"a":[{"wildcard":"a\\*b"}]}`, `{"a":"a*b"}`, true},
		{"wildcard escaped star is literal", `{"a":[{"wildcard":"a\\*b"}]}`, `{"a":"axb"}`, false},
		{"wildcard escaped backslash", `{"a":[{"wildcard":"a\\\\*"}]}`, `{"a":"a\\anything"}`, true},
		{"wildcard alone", `{"a":[{"wildcard":"*"}]}`, `{"a":""}`, true},
		{"wildcard no star", `{"a":[{"wildcard":"abc"}]}`, `{"a":"abc"}`, true},

		// Anything-but.
		{"anything-but string", `{"detail":{"state":[{"anything-but":"initializing"}]}}`, rulerEvent, true},
		{"anything-but string excluded", `{"detail":{"state":[{"anything-but":"running"}]}}`, rulerEvent, false},
		{"anything-but number", `{"detail":{"x-limit":[{"anything-but":123}]}}`, rulerEvent, true},
		{"anything-but number excluded", `{"detail":{"x-limit":[{"anything-but":301.8}]}}`, rulerEvent, false},
		{"anything-but number spelled otherwise", `{"detail":{"x-limit":[{"anything-but":3.018e2}]}}`, rulerEvent, false},
		{"anything-but string list", `{"detail":{"state":[{"anything-but":["stopped","overloaded"]}]}}`, rulerEvent, true},
		{"anything-but string list excluded", `{"detail":{"state":[{"anything-but":["stopped","running"]}]}}`, rulerEvent, false},
		{"anything-but number list", `{"detail":{"x-limit":[{"anything-but":[100,200,300]}]}}`, rulerEvent, true},
		{"anything-but number list excluded", `{"detail":{"c-count":[{"anything-but":[1,5]}]}}`, rulerEvent, false},
		{"anything-but prefix", `{"detail":{"state":[{"anything-but":{"prefix":"init"}}]}}`, rulerEvent, true},
		{"anything-but prefix excluded", `{"detail":{"state":[{"anything-but":{"prefix":"run"}}]}}`, rulerEvent, false},
		{"anything-but prefix region", `{"Region":[{"anything-but":{"prefix":"us-"}}]}`, `{"Region":"eu-west-1"}`, true},
		{"anything-but prefix list", `{"Region":[{"anything-but":{"prefix":["us-","eu-"]}}]}`, `{"Region":"eu-west-1"}`, false},
		{"anything-but suffix", `{"FileName":[{"anything-but":{"suffix":".png"}}]}`, `{"FileName":"a.txt"}`, true},
		{"anything-but suffix excluded", `{"FileName":[{"anything-but":{"suffix":".png"}}]}`, `{"FileName":"a.png"}`, false},
		{"anything-but ignore case", `{"state":[{"anything-but":{"equals-ignore-case":"initializing"}}]}`, `{"state":"INITIALIZING"}`, false},
		{"anything-but ignore case other", `{"state":[{"anything-but":{"equals-ignore-case":"initializing"}}]}`, `{"state":"running"}`, true},
		{"anything-but ignore case list", `{"state":[{"anything-but":{"equals-ignore-case":["a","B"]}}]}`, `{"state":"b"}`, false},
		{"anything-but wildcard", `{"FilePath":[{"anything-but":{"wildcard":"*/lib/*"}}]}`, `{"FilePath":"/usr/lib/x"}`, false},
		{"anything-but wildcard other", `{"FilePath":[{"anything-but":{"wildcard":"*/lib/*"}}]}`, `{"FilePath":"/usr/bin/x"}`, true},
		{"anything-but absent", `{"Weather":[{"anything-but":"Raining"}]}`, `{"Other":"x"}`, false},
		{"anything-but null", `{"Weather":[{"anything-but":"Raining"}]}`, `{"Weather":null}`, false},
		{"anything-but on array", `{"a":[{"anything-but":"x"}]}`, `{"a":["x","y"]}`, true},
		{"anything-but on array all excluded", `{"a":[{"anything-but":"x"}]}`, `{"a":["x","x"]}`, false},
		{"anything-but string vs number", `{"a":[{"anything-but":"x"}]}`, `{"a":5}`, true},
		{"anything-but prefix vs number", `{"a":[{"anything-but":{"prefix":"x"}}]}`, `{"a":5}`, false},

		// Numeric.
		{"numeric all", `{"detail":{"c-count":[{"numeric":[">",0,"<=",5]}],"d-count":[{"numeric":["<",10]}],"x-limit":[{"numeric":["=",3.018e2]}]}}`, rulerEvent, true},
		{"numeric open top", `{"detail":{"c-count":[{"numeric":[">",0,"<",5]}]}}`, rulerEvent, false},
		{"numeric open bottom", `{"detail":{"c-count":[{"numeric":[">",5]}]}}`, rulerEvent, false},
		{"numeric closed bottom", `{"detail":{"c-count":[{"numeric":[">=",5]}]}}`, rulerEvent, true},
		{"numeric closed top", `{"detail":{"c-count":[{"numeric":["<=",5]}]}}`, rulerEvent, true},
		{"numeric price range", `{"Price":[{"numeric":[">",10,"<=",20]}]}`, `{"Price":15}`, true},
		{"numeric price out", `{"Price":[{"numeric":[">",10,"<=",20]}]}`, `{"Price":20.5}`, false},
		{"numeric equals", `{"Price":[{"numeric":["=",100]}]}`, `{"Price":100.0}`, true},
		{"numeric six decimals", `{"a":[{"numeric":["=",0.1]}]}`, `{"a":0.100000}`, true},
		{"numeric negative", `{"a":[{"numeric":["<",0]}]}`, `{"a":-1e-6}`, true},
		{"numeric on string", `{"a":[{"numeric":[">",0]}]}`, `{"a":"5"}`, false},
		{"numeric beyond range", `{"a":[{"numeric":[">",0]}]}`, `{"a":6e9}`, false},
		{"numeric too precise", `{"a":[{"numeric":[">",0]}]}`, `{"a":0.0000001}`, false},
		{"numeric array", `{"a":[{"numeric":[">",10]}]}`, `{"a":[1,2,30]}`, true},

		// IP addresses.
		{"cidr", `{"detail":{"source-ip":[{"cidr":"10.0.0.0/24"}]}}`, rulerEvent, true},
		{"cidr miss", `{"detail":{"source-ip":[{"cidr":"10.0.1.0/24"}]}}`, rulerEvent, false},
		{"cidr 8", `{"detail":{"source-ip":[{"cidr":"10.0.0.0/8"}]}}`, rulerEvent, true},
		{"cidr v6", `{"ip":[{"cidr":"2001:db8::/32"}]}`, `{"ip":"2001:db8:1::5"}`, true},
		{"cidr v6 miss", `{"ip":[{"cidr":"2001:db8::/32"}]}`, `{"ip":"2001:db9::5"}`, false},
		{"cidr not an ip", `{"ip":[{"cidr":"10.0.0.0/8"}]}`, `{"ip":"host.example"}`, false},
		{"ip exact other spelling", `{"ip":["2001:db8::1"]}`, `{"ip":"2001:0db8:0:0:0:0:0:1"}`, true},

		// Exists.
		{"exists true", `{"detail":{"state":[{"exists":true}]}}`, rulerEvent, true},
		{"exists true absent", `{"detail":{"nope":[{"exists":true}]}}`, rulerEvent, false},
		{"exists false absent", `{"detail":{"c-count":[{"exists":false}]}}`,
			`{"detail-type":["EC2 Instance State-change Notification"],"resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341"],"detail":{"state":["initializing","running"]}}`, true},
		{"exists false on object", `{"detail":{"c-count":[{"exists":false}]}}`,
			`{"detail":{"state":["initializing","running"],"c-count":{"c1":100}}}`, true},
		{"exists true on object", `{"detail":{"c-count":[{"exists":true}]}}`,
			`{"detail":{"c-count":{"c1":100}}}`, false},
		{"exists false present", `{"detail":{"state":[{"exists":false}]}}`, rulerEvent, false},
		{"exists true on null", `{"a":[{"exists":true}]}`, `{"a":null}`, true},
		{"exists false parent missing", `{"x":{"y":[{"exists":false}]}}`, `{"a":1}`, true},
		{"exists false empty array", `{"a":[{"exists":false}]}`, `{"a":[]}`, true},

		// The rows of "Comparison operators for use in event patterns".
		{"and", `{"Location":["New York"],"Day":["Monday"]}`, `{"Location":"New York","Day":"Monday"}`, true},
		{"and one fails", `{"Location":["New York"],"Day":["Monday"]}`, `{"Location":"New York","Day":"Tuesday"}`, false},
		{"empty", `{"LastName":[""]}`, `{"LastName":""}`, true},
		{"equals", `{"Name":["Alice"]}`, `{"Name":"Alice"}`, true},
		{"exists", `{"ProductName":[{"exists":true}]}`, `{"ProductName":"Widget"}`, true},
		{"does not exist", `{"ProductName":[{"exists":false}]}`, `{"ProductName":"Widget"}`, false},
		{"not", `{"Weather":[{"anything-but":["Raining"]}]}`, `{"Weather":"Sunny"}`, true},
		{"not raining", `{"Weather":[{"anything-but":["Raining"]}]}`, `{"Weather":"Raining"}`, false},
		{"null", `{"UserID":[null]}`, `{"UserID":null}`, true},
		{"null absent", `{"UserID":[null]}`, `{"Other":1}`, false},
		{"numeric equals 100", `{"Price":[{"numeric":["=",100]}]}`, `{"Price":100}`, true},
		{"or values", `{"PaymentType":["Credit","Debit"]}`, `{"PaymentType":"Debit"}`, true},
		{"or values miss", `{"PaymentType":["Credit","Debit"]}`, `{"PaymentType":"Cash"}`, false},

		// Complex example and repeated keys.
		{"complex", `{"time":[{"prefix":"2017-10-02"}],"detail":{"state":[{"anything-but":"initializing"}],"c-count":[{"numeric":[">",0,"<=",5]}],"d-count":[{"numeric":["<",10]}],"x-limit":[{"anything-but":[100,200,300]}],"source-ip":[{"cidr":"10.0.0.0/8"}]}}`, rulerEvent, true},
		{"last key wins", `{"detail":{"location":[{"prefix":"us-"}],"location":[{"anything-but":"us-east"}]}}`, `{"detail":{"location":"eu-west"}}`, true},
		{"last key wins excluded", `{"detail":{"location":[{"prefix":"eu-"}],"location":[{"anything-but":"us-east"}]}}`, `{"detail":{"location":"us-east"}}`, false},

		// $or.
		{"or first", `{"$or":[{"Location":["New York"]},{"Day":["Monday"]}]}`, `{"Location":"New York","Day":"Friday"}`, true},
		{"or second", `{"$or":[{"Location":["New York"]},{"Day":["Monday"]}]}`, `{"Location":"Boston","Day":"Monday"}`, true},
		{"or neither", `{"$or":[{"Location":["New York"]},{"Day":["Monday"]}]}`, `{"Location":"Boston","Day":"Friday"}`, false},
		{"or with and", `{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization","ReadLatency"]},{"namespace":["AWS/EC2","AWS/ES"]}]}`, `{"source":"aws.cloudwatch","namespace":"AWS/ES"}`, true},
		{"or with and fails and", `{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization"]},{"namespace":["AWS/EC2"]}]}`, `{"source":"aws.ec2","namespace":"AWS/EC2"}`, false},
		{"parallel or", `{"$or":[{"metricName":["CPUUtilization"]},{"namespace":["AWS/EC2"]}],"detail":{"$or":[{"source":["aws.cloudwatch"]},{"detail-type":["CloudWatch Alarm State Change"]}]}}`,
			`{"namespace":"AWS/EC2","detail":{"detail-type":"CloudWatch Alarm State Change"}}`, true},
		{"parallel or one side fails", `{"$or":[{"metricName":["CPUUtilization"]},{"namespace":["AWS/EC2"]}],"detail":{"$or":[{"source":["aws.cloudwatch"]},{"detail-type":["CloudWatch Alarm State Change"]}]}}`,
			`{"namespace":"AWS/EC2","detail":{"detail-type":"other"}}`, false},
		{"or has and inside", `{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization"]},{"metricType":["MetricType"],"namespace":["AWS/EC2"]},{"scope":["Service"]}]}`,
			`{"source":"aws.cloudwatch","metricType":"MetricType","namespace":"AWS/EC2"}`, true},
		{"or has and inside partial", `{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization"]},{"metricType":["MetricType"],"namespace":["AWS/EC2"]},{"scope":["Service"]}]}`,
			`{"source":"aws.cloudwatch","metricType":"MetricType","namespace":"AWS/ES"}`, false},
		{"nested or", `{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization"]},{"metricType":["MetricType"],"namespace":["AWS/EC2"],"$or":[{"metricId":[1234]},{"spaceId":[1000]}]},{"scope":["Service"]}]}`,
			`{"source":"aws.cloudwatch","metricType":"MetricType","namespace":"AWS/EC2","spaceId":1000}`, true},
		{"nested or miss", `{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization"]},{"metricType":["MetricType"],"namespace":["AWS/EC2"],"$or":[{"metricId":[1234]},{"spaceId":[1000]}]},{"scope":["Service"]}]}`,
			`{"source":"aws.cloudwatch","metricType":"MetricType","namespace":"AWS/EC2","spaceId":1001}`, false},
		{"or needs two objects else a field", `{"source":["aws.cloudwatch"],"$or":{"metricType":["MetricType"],"namespace":["AWS/EC2","AWS/ES"]}}`,
			`{"source":"aws.cloudwatch","$or":{"metricType":"MetricType","namespace":"AWS/ES"}}`, true},
		{"or of reserved names is a field", `{"$or":[{"numeric":[">",1]},{"prefix":"abc"}]}`, `{"$or":"abcd"}`, true},
		{"or in array elements", `{"items":{"$or":[{"a":["1"]},{"b":["2"]}]}}`, `{"items":[{"a":"0"},{"b":"2"}]}`, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.pattern)
			if err != nil {
				t.Fatalf("Parse(%s): %v", tc.pattern, err)
			}
			got, err := p.MatchJSON([]byte(tc.event))
			if err != nil {
				t.Fatalf("MatchJSON: %v", err)
			}
			if got != tc.want {
				t.Errorf("Match = %v, want %v\npattern %s\nevent %s", got, tc.want, tc.pattern, tc.event)
			}
			// The canonical form must match the same way.
			p2, err := Parse(p.String())
			if err != nil {
				t.Fatalf("Parse(String()) = %v for %s", err, p.String())
			}
			if got2, _ := p2.MatchJSON([]byte(tc.event)); got2 != got {
				t.Errorf("canonical form %s matches %v, original %v", p.String(), got2, got)
			}
		})
	}
}

func TestParseEventErrors(t *testing.T) {
	for _, ev := range []string{``, `[]`, `"x"`, `null`, `{"a":1} {}`, `{"a":}`, `{`} {
		if _, err := ParseEvent([]byte(ev)); err == nil {
			t.Errorf("ParseEvent(%q) succeeded", ev)
		}
	}
}
