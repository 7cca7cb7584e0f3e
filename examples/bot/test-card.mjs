/**
 * The bot's own camera and microphone: a test card and a tone made by ffmpeg (or a file it plays
 * with --play, in a loop), encoded to VP8 and Opus as it goes and sent to this process as RTP on
 * 127.0.0.1, where each packet goes into a werift track the room sends to everyone.
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';

/** A UDP socket on 127.0.0.1 whose packets go into `track`; resolves with its port. */
function rtpInto(track) {
  const socket = createSocket('udp4');
  socket.on('message', (packet) => track.writeRtp(packet));
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve({ socket, port: socket.address().port })));
}

/**
 * Starts ffmpeg; returns the werift tracks it feeds (`audio`, `video`) and `stop()`. A keyframe
 * every second: whoever joins later sees a picture within a second (ffmpeg does not answer
 * keyframe requests).
 */
export async function startTestCard(werift, { play } = {}) {
  const video = new werift.MediaStreamTrack({ kind: 'video' });
  const audio = new werift.MediaStreamTrack({ kind: 'audio' });
  const [v, a] = await Promise.all([rtpInto(video), rtpInto(audio)]);
  const input = play
    ? ['-re', '-stream_loop', '-1', '-i', play]
    : [
        '-re',
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=320x240:rate=15',
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=440:sample_rate=48000',
      ];
  const [videoInput, audioInput] = play ? ['0:v:0', '0:a:0'] : ['0:v', '1:a'];
  const ffmpeg = spawn(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-nostdin', ...input],
      ...['-map', videoInput, '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k'],
      ...['-g', '15', '-keyint_min', '15', '-vf', 'scale=320:240,fps=15', '-payload_type', '96'],
      ...['-f', 'rtp', `rtp://127.0.0.1:${v.port}?pkt_size=1200`],
      ...['-map', audioInput, '-c:a', 'libopus', '-ar', '48000', '-ac', '2', '-b:a', '48k', '-payload_type', '111'],
      ...['-f', 'rtp', `rtp://127.0.0.1:${a.port}?pkt_size=1200`],
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  // Not left running when this process ends, however it ends short of SIGKILL.
  process.on('exit', () => ffmpeg.kill('SIGKILL'));
  ffmpeg.on('error', (error) => {
    console.error(`Could not start ffmpeg (Debian: apt-get install ffmpeg): ${error.message}`);
  });
  return {
    audio,
    video,
    stop() {
      ffmpeg.kill('SIGTERM');
      v.socket.close();
      a.socket.close();
      audio.stop();
      video.stop();
    },
  };
}
