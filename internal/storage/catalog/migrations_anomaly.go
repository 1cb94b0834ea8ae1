package catalog

// migrationAnomalyDetectors holds anomaly detectors put with PutAnomalyDetector.
var migrationAnomalyDetectors = migration{
	version: 10,
	name:    "anomaly detectors",
	stmts: []string{
		// detector_key is the canonical form of what the model is trained
		// on, which PutAnomalyDetector and DeleteAnomalyDetector name;
		// definition holds the rest as JSON, read and written whole.
		`CREATE TABLE anomaly_detectors (
			account_id {{name}} NOT NULL,
			detector_key {{name}} NOT NULL,
			type {{name}} NOT NULL,
			namespace {{name}} NOT NULL,
			metric_name {{name}} NOT NULL,
			definition {{text}} NOT NULL,
			created {{int}} NOT NULL,
			PRIMARY KEY (account_id, detector_key)
		)`,
	},
}
