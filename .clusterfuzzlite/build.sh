#!/bin/bash -eu
# ClusterFuzzLite runs this in its builder image; the build itself is OSS-Fuzz's.
exec "$SRC/vgpu-tools/fuzz/oss-fuzz/build.sh"
