// Amazon Chime SDK Voice proxy sessions and Voice Connector proxy configurations, with drift you can see.
package chimeproxy
