// Package model holds the domain types and sentinel errors shared by every
// layer of OpenWatch. It is the leaf of the import graph: it imports only the
// standard library, so the query engine and the storage engine can meet here
// without importing each other.
package model
