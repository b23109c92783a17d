#!/bin/sh
# Install Roadmap Desktop for the current user: no root, nothing outside your home folder.
#
#   ./install.sh              copy the app to ~/.local/opt/roadmap-desktop, add it to the
#                             application menu (desktop entry, icons, AppStream metainfo in
#                             ~/.local/share) and link ~/.local/bin/roadmap-desktop
#   ./install.sh --uninstall  remove all of that again; your roadmaps, progress and notes
#                             (~/.local/share/RoadmapDesktop) are never touched
#
# Environment: XDG_DATA_HOME (default ~/.local/share), ROADMAP_DESKTOP_INSTALL_DIR (default
# ~/.local/opt/roadmap-desktop), ROADMAP_DESKTOP_BIN_DIR (default ~/.local/bin).
set -eu

APP_ID="io.github.roadmap_desktop.RoadmapDesktop"
EXE="roadmap-desktop"
MARKER=".roadmap-desktop-install"

HERE=$(cd "$(dirname "$0")" && pwd)
DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"
APP_DIR="${ROADMAP_DESKTOP_INSTALL_DIR:-$HOME/.local/opt/roadmap-desktop}"
BIN_DIR="${ROADMAP_DESKTOP_BIN_DIR:-$HOME/.local/bin}"
DESKTOP_FILE="$DATA_HOME/applications/$APP_ID.desktop"
METAINFO_FILE="$DATA_HOME/metainfo/$APP_ID.metainfo.xml"
ICON_DIR="$DATA_HOME/icons/hicolor"

say() { printf '%s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

refresh_caches() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$DATA_HOME/applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t -f "$ICON_DIR" 2>/dev/null || true
    fi
}

remove_icons() {
    for icon in "$ICON_DIR"/*/apps/"$APP_ID".png "$ICON_DIR"/scalable/apps/"$APP_ID".svg; do
        [ -e "$icon" ] && rm -f "$icon"
    done
    return 0
}

uninstall() {
    rm -f "$DESKTOP_FILE" "$METAINFO_FILE"
    remove_icons
    if [ -L "$BIN_DIR/$EXE" ] && [ "$(readlink "$BIN_DIR/$EXE")" = "$APP_DIR/$EXE" ]; then
        rm -f "$BIN_DIR/$EXE"
    fi
    if [ -d "$APP_DIR" ]; then
        [ -f "$APP_DIR/$MARKER" ] || die "$APP_DIR was not made by install.sh; not removing it"
        rm -rf "$APP_DIR"
    fi
    refresh_caches
    say "Roadmap Desktop is uninstalled."
    say "Your data is kept in ${ROADMAP_DESKTOP_DATA_DIR:-$DATA_HOME/RoadmapDesktop}; delete that folder to remove it too."
}

install() {
    [ -x "$HERE/$EXE" ] || die "run this script from the unpacked folder: $HERE/$EXE is missing"
    [ -f "$HERE/share/applications/$APP_ID.desktop" ] || die "share/applications is missing in $HERE"

    # 1. The program folder (replaced on update; a folder install.sh did not make is refused).
    if [ "$HERE" != "$APP_DIR" ]; then
        if [ -d "$APP_DIR" ]; then
            [ -f "$APP_DIR/$MARKER" ] || die "$APP_DIR exists and was not made by install.sh"
            rm -rf "$APP_DIR"
        fi
        mkdir -p "$(dirname "$APP_DIR")"
        cp -R "$HERE" "$APP_DIR"
    fi
    : > "$APP_DIR/$MARKER"

    # 2. Desktop entry, pointing at the installed executable.
    mkdir -p "$DATA_HOME/applications"
    sed -e "s|^Exec=.*|Exec=\"$APP_DIR/$EXE\"|" -e "s|^TryExec=.*|TryExec=$APP_DIR/$EXE|" \
        "$APP_DIR/share/applications/$APP_ID.desktop" > "$DESKTOP_FILE"
    chmod 644 "$DESKTOP_FILE"

    # 3. Icons (every PNG size and the SVG) and AppStream metainfo.
    remove_icons
    for icon in "$APP_DIR"/share/icons/hicolor/*/apps/*; do
        size_dir=$(basename "$(dirname "$(dirname "$icon")")")
        mkdir -p "$ICON_DIR/$size_dir/apps"
        cp "$icon" "$ICON_DIR/$size_dir/apps/"
    done
    mkdir -p "$DATA_HOME/metainfo"
    cp "$APP_DIR/share/metainfo/$APP_ID.metainfo.xml" "$METAINFO_FILE"

    # 4. The command on PATH, for the CLI (`roadmap-desktop list`).
    mkdir -p "$BIN_DIR"
    if [ -e "$BIN_DIR/$EXE" ] && [ ! -L "$BIN_DIR/$EXE" ]; then
        say "Note: $BIN_DIR/$EXE exists and is not a link; leaving it alone."
    else
        ln -sf "$APP_DIR/$EXE" "$BIN_DIR/$EXE"
    fi
    refresh_caches

    say "Roadmap Desktop is installed in $APP_DIR."
    say "Start it from your application menu, or run: $BIN_DIR/$EXE"
    case ":$PATH:" in
        *":$BIN_DIR:"*) ;;
        *) say "($BIN_DIR is not on your PATH; add it to run '$EXE' by name.)" ;;
    esac
    say "To remove it: $APP_DIR/install.sh --uninstall"
}

case "${1:-}" in
    "") install ;;
    --uninstall|-u) uninstall ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) die "unknown option '$1' (use --uninstall or --help)" ;;
esac
