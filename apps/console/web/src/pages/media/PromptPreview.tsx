import { ActionIcon, Tooltip } from '@mantine/core';
import { IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import type { Prompt } from '../../api/types';

/** Plays a prompt: its audio file, or its text in the browser's own voice (close to, not the same as, the call's). */
export function PromptPreview({ prompt }: { prompt: Prompt }) {
  const [playing, setPlaying] = useState(false);
  const audio = useRef<HTMLAudioElement | null>(null);
  useEffect(
    () => () => {
      audio.current?.pause();
      if (playing) speechSynthesis.cancel();
    },
    [playing],
  );
  const stop = () => {
    audio.current?.pause();
    if ('speechSynthesis' in window) speechSynthesis.cancel();
    setPlaying(false);
  };
  const play = () => {
    if (prompt.content.kind === 'audio') {
      const element = new Audio(prompt.content.url);
      audio.current = element;
      element.onended = () => setPlaying(false);
      element.onerror = () => setPlaying(false);
      void element.play().catch(() => setPlaying(false));
    } else {
      if (!('speechSynthesis' in window)) return;
      const utterance = new SpeechSynthesisUtterance(prompt.content.text);
      utterance.lang = prompt.content.language;
      utterance.onend = () => setPlaying(false);
      utterance.onerror = () => setPlaying(false);
      speechSynthesis.cancel();
      speechSynthesis.speak(utterance);
    }
    setPlaying(true);
  };
  const label = `${playing ? 'Stop' : 'Preview'} ${prompt.name}`;
  return (
    <Tooltip label={prompt.content.kind === 'tts' ? 'Preview in the browser’s voice' : 'Play the audio file'}>
      <ActionIcon
        variant="light"
        size={34}
        radius="xl"
        aria-label={label}
        aria-pressed={playing}
        onClick={playing ? stop : play}
      >
        {playing ? (
          <IconPlayerStop size={18} aria-hidden="true" />
        ) : (
          <IconPlayerPlay size={18} aria-hidden="true" />
        )}
      </ActionIcon>
    </Tooltip>
  );
}
