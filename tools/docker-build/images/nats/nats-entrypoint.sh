#!/bin/sh
# Options alone ("-c …", "--config …") are nats-server's, as in the official image.
set -e
case "$1" in
  -*) set -- nats-server "$@" ;;
esac
exec "$@"
