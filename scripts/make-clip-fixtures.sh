#!/usr/bin/env bash
# The simulator's playable demo clips and their posters (issue 19; docs/design.md §1, simulator/cdn):
# three 2 s clips, 320×180, 24 fps, H.264 baseline yuv420p + AAC, faststart, each a test pattern of
# its own hue with a tone of its own pitch, and a JPEG of each clip's frame at 1 s. Made once and kept
# in source/simulator/cdn/fixtures/; run this again only to change them (ffmpeg on PATH). The bitexact
# flags keep the encoder's version out of the files and one thread keeps x264 deterministic, so the
# same ffmpeg makes the same bytes.
set -euo pipefail
cd "$(dirname "$0")/../source/simulator/cdn/fixtures"

hues=(0 120 240)
tones=(440 554 659)
for i in 1 2 3; do
	hue=${hues[$((i - 1))]}
	tone=${tones[$((i - 1))]}
	ffmpeg -hide_banner -loglevel error -y \
		-f lavfi -i "testsrc2=size=320x180:rate=24:duration=2,hue=h=${hue}" \
		-f lavfi -i "sine=frequency=${tone}:sample_rate=44100:duration=2" \
		-map 0:v -map 1:a -shortest \
		-c:v libx264 -profile:v baseline -pix_fmt yuv420p -preset veryslow -b:v 128k -maxrate 160k -bufsize 320k -threads 1 \
		-c:a aac -b:a 24k -ac 1 \
		-map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact \
		-movflags +faststart "clip-${i}.mp4"
	ffmpeg -hide_banner -loglevel error -y -ss 1 -i "clip-${i}.mp4" -frames:v 1 -q:v 6 -threads 1 \
		-map_metadata -1 -fflags +bitexact -flags:v +bitexact "poster-${i}.jpg"
done
ls -l clip-*.mp4 poster-*.jpg
