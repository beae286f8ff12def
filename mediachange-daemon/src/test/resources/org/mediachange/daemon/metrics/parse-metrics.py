"""Fetches a /metrics URL and parses it with the Prometheus project's own Python parser (Debian's
python3-prometheus-client): an independent check that the daemon's exposition is valid and says what
it should. Usage: parse-metrics.py URL [openmetrics]. Prints one JSON object: the response's
Content-Type and every sample as [name, labels, value]. Exits non-zero if the text does not parse.
"""
import json
import sys
import urllib.request

from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_openmetrics
from prometheus_client.parser import text_string_to_metric_families as parse_text

url = sys.argv[1]
openmetrics = len(sys.argv) > 2 and sys.argv[2] == "openmetrics"
accept = ("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5" if openmetrics
          else "text/plain;version=0.0.4")
with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept}), timeout=30) as r:
    content_type = r.headers.get("Content-Type")
    text = r.read().decode("utf-8")
families = list((parse_openmetrics if openmetrics else parse_text)(text))
samples = [[s.name, s.labels, s.value] for f in families for s in f.samples]
types = {f.name: f.type for f in families}
print(json.dumps({"contentType": content_type, "samples": samples, "types": types}))
