#!/bin/sh
# Vendor the web UI's front-end libraries and map data (`make vendor`): `npm ci` installs exactly the
# versions and integrity hashes of scripts/vendor/package-lock.json into a temporary folder (install
# scripts off), and the files the UI loads are copied into src/tidings/web/static/vendor/ with their
# licences. The copies are committed, so the UI never fetches anything at run time.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DEST=${1:-$HERE/../src/tidings/web/static/vendor}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "$HERE/vendor/package.json" "$HERE/vendor/package-lock.json" "$WORK/"
(cd "$WORK" && npm ci --ignore-scripts --no-audit --no-fund --silent)
M=$WORK/node_modules
rm -rf "$DEST"
mkdir -p "$DEST/leaflet/images" "$DEST/leaflet.markercluster" "$DEST/topojson-client" "$DEST/world-atlas"
cp "$M/leaflet/dist/leaflet.js" "$M/leaflet/dist/leaflet.css" "$M/leaflet/LICENSE" "$DEST/leaflet/"
cp "$M"/leaflet/dist/images/*.png "$DEST/leaflet/images/"
cp "$M/leaflet.markercluster/dist/leaflet.markercluster.js" "$M/leaflet.markercluster/dist/MarkerCluster.css" \
   "$M/leaflet.markercluster/dist/MarkerCluster.Default.css" "$M/leaflet.markercluster/MIT-LICENCE.txt" \
   "$DEST/leaflet.markercluster/"
cp "$M/topojson-client/dist/topojson-client.min.js" "$M/topojson-client/LICENSE" "$DEST/topojson-client/"
cp "$M/world-atlas/countries-50m.json" "$M/world-atlas/LICENSE" "$DEST/world-atlas/"
{
  echo "# Vendored front-end files"
  echo
  echo "Made by \`make vendor\` (scripts/vendor.sh) from scripts/vendor/package-lock.json; do not edit by hand."
  echo
  echo "| package | version | licence | source | integrity (package-lock.json) | files |"
  echo "|---|---|---|---|---|---|"
  for p in leaflet leaflet.markercluster topojson-client world-atlas; do
    node -e 'const p = require(process.argv[1]); const lock = require(process.argv[2]);
      const hash = lock.packages["node_modules/" + p.name].integrity; const files = process.argv.slice(3).join(", ");
      console.log(`| ${p.name} | ${p.version} | ${p.license} | https://www.npmjs.com/package/${p.name}/v/${p.version} | \`${hash}\` | ${files} |`)' \
      "$M/$p/package.json" "$WORK/package-lock.json" $(cd "$DEST/$p" && ls | grep -v images)
  done
  echo
  echo "world-atlas (ISC) packages Natural Earth 1:50m Admin 0 countries (https://www.naturalearthdata.com/),"
  echo "which are in the public domain; its feature ids are ISO 3166-1 numeric codes and \`properties.name\` the"
  echo "country name. Each package's licence text is beside its files (LICENSE, MIT-LICENCE.txt)."
} > "$DEST/VENDOR.md"
