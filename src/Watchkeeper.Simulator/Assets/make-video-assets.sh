#!/bin/sh
# Makes the simulated cameras' H.264 clips and fault snapshots from OpenCV's vtest.avi (Debian opencv-doc).
set -eu
source=${1:-/usr/share/doc/opencv-doc/examples/data/vtest.avi}
out=${2:-.}
view="crop=768:432:0:72,scale=640:360"
moved="crop=384:216:384:300,scale=640:360"
blur="gblur=sigma=6"
cover="drawbox=x=0:y=0:w=420:h=360:color=0x202020:t=fill"
black="drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill"

clip() { # name frames filters
    ffmpeg -v error -y -ss 3 -i "$source" -an -frames:v "$2" \
        -vf "$3,fps=10,setparams=range=tv:color_primaries=bt470bg:color_trc=smpte170m:colorspace=bt470bg,format=yuv420p" \
        -c:v libx264 -profile:v baseline -level 3.0 -preset medium -crf 30 -g 10 -keyint_min 10 -sc_threshold 0 \
        -x264-params repeat-headers=1 -bsf:v filter_units=remove_types=6 -f h264 "$out/$1.h264"
}

picture() { # name filters
    ffmpeg -v error -y -ss 3 -i "$source" -frames:v 1 -vf "$2" -q:v 4 "$out/$1.jpg"
}

clip video-normal 40 "$view"
clip video-blur 40 "$view,$blur"
clip video-occlusion 40 "$view,$cover"
clip video-scene-change 40 "$moved"
clip video-signal-loss 10 "$view,$black"
clip video-frozen-picture 10 "$view,trim=end_frame=1,tpad=stop=9:stop_mode=clone"

picture fault-blur "$view,$blur"
picture fault-occlusion "$view,$cover"
picture fault-scene-change "$moved"
picture fault-signal-loss "$view,$black"
picture fault-frozen-picture "$view"
