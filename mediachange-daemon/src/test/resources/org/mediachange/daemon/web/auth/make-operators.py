#!/usr/bin/env python3
# Writes operators-python.txt: operators file entries made by an implementation independent of
# mediachange (Python's hashlib, as Django's PBKDF2PasswordHasher uses it), which the tests check
# mediachanged accepts. Run from this directory: python3 make-operators.py > operators-python.txt
import base64
import hashlib

ENTRIES = [
    # name, password, salt, iterations
    ("bob", "correct horse battery staple", "NbJ9yZJXQwVtlD0Pa3Ym1T", 600000),
    ("carol", "Pässwörd ☃ 𝄞 with spaces", "ünïcode-salt", 1000),
]
print("# Made by make-operators.py with Python's hashlib.pbkdf2_hmac; passwords in the test.")
for name, password, salt, iterations in ENTRIES:
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("utf-8"), iterations, 32)
    print("%s:pbkdf2_sha256$%d$%s$%s" % (name, iterations, salt, base64.b64encode(digest).decode("ascii")))
