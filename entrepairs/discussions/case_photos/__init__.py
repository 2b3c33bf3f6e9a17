"""Photos of clinical cases: upload (metadata stripped, faces found and blurred), the author's review,
publication to the network's members. services.py writes, queries.py reads, views.py serves pages
and files (never from a public folder), forms.py holds the multiple-file field."""
