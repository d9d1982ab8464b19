#!/usr/bin/python3
"""Config backups the way the seeds' asyncio scripts do them (backup_all): one asyncssh connection per
device, at most N at once under an asyncio.Semaphore, the configuration command run on an exec channel and
the output written to <folder>/<host>.cfg. Host keys are checked against the given known_hosts file, as our
client and ssh do in the same benchmark. Prints one JSON line: {"ok": n, "failed": n, "errors": [...]}.

    baseline_asyncssh.py HOSTS_FILE FOLDER --user U --key KEY --known-hosts FILE --command CMD --concurrency N

HOSTS_FILE has one device per line: "address port".
"""
import argparse
import asyncio
import json
import os
import sys
import warnings

warnings.filterwarnings("ignore")  # Debian's cryptography warns about ciphers asyncssh merely imports

import asyncssh  # noqa: E402  (python3-asyncssh)


async def backup(device, args, semaphore, folder):
    host, port = device
    async with semaphore:
        async with asyncssh.connect(host, port=port, username=args.user, client_keys=[args.key],
                                    known_hosts=args.known_hosts, agent_path=None) as conn:
            result = await conn.run(args.command, check=True)
        with open(os.path.join(folder, host + ".cfg"), "w") as out:
            out.write(result.stdout)
        return host


async def backup_all(hosts, args):
    semaphore = asyncio.Semaphore(args.concurrency)
    results = await asyncio.gather(*(backup(h, args, semaphore, args.folder) for h in hosts),
                                   return_exceptions=True)
    errors = [f"{h[0]}: {r!r}" for h, r in zip(hosts, results) if isinstance(r, BaseException)]
    return len(hosts) - len(errors), errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("hosts_file")
    parser.add_argument("folder")
    parser.add_argument("--user", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--known-hosts", required=True)
    parser.add_argument("--command", required=True)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    with open(args.hosts_file) as f:
        hosts = [(line.split()[0], int(line.split()[1])) for line in f if line.strip()]
    os.makedirs(args.folder, exist_ok=True)
    ok, errors = asyncio.run(backup_all(hosts, args))
    print(json.dumps({"ok": ok, "failed": len(errors), "errors": errors[:5]}))
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
