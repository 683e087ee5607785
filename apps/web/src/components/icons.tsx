/** Small inline icons (decorative: every one sits next to a word). */
type IconProps = { size?: number; className?: string };

function Svg({ size = 14, className, children }: IconProps & { children: React.ReactNode }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      className={className}
    >
      {children}
    </svg>
  );
}

export const IconCheck = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="6.5" />
    <path d="M5 8.2 7.1 10.2 11 6" />
  </Svg>
);
export const IconWarning = (p: IconProps) => (
  <Svg {...p}>
    <path d="M8 1.8 15 14H1z" />
    <path d="M8 6.2v3.6M8 11.8v.2" />
  </Svg>
);
export const IconCross = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="6.5" />
    <path d="m5.6 5.6 4.8 4.8M10.4 5.6l-4.8 4.8" />
  </Svg>
);
export const IconDash = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="6.5" strokeDasharray="2.5 2" />
    <path d="M5.5 8h5" />
  </Svg>
);
export const IconArrowUp = (p: IconProps) => (
  <Svg {...p}>
    <path d="M8 13V3M3.8 7.2 8 3l4.2 4.2" />
  </Svg>
);
export const IconArrowDown = (p: IconProps) => (
  <Svg {...p}>
    <path d="M8 3v10M3.8 8.8 8 13l4.2-4.2" />
  </Svg>
);
export const IconArrowFlat = (p: IconProps) => (
  <Svg {...p}>
    <path d="M3 8h10M9 4l4 4-4 4" />
  </Svg>
);
export const IconDownload = (p: IconProps) => (
  <Svg {...p}>
    <path d="M8 2v8M4.5 6.8 8 10.2l3.5-3.4M2.5 13.5h11" />
  </Svg>
);
export const IconPrint = (p: IconProps) => (
  <Svg {...p}>
    <path d="M4 6V2h8v4M4 12H2.5V6.5h11V12H12M4.5 9.5h7V14h-7z" />
  </Svg>
);
export const IconClose = (p: IconProps) => (
  <Svg {...p}>
    <path d="m4 4 8 8M12 4l-8 8" />
  </Svg>
);
export const IconChevronDown = (p: IconProps) => (
  <Svg {...p}>
    <path d="m4 6 4 4 4-4" />
  </Svg>
);
export const IconFilter = (p: IconProps) => (
  <Svg {...p}>
    <path d="M2 3h12L9.5 8.5V13l-3-1.5v-3z" />
  </Svg>
);
export const IconChat = (p: IconProps) => (
  <Svg {...p}>
    <path d="M2.5 3h11v8h-6l-3 2.5V11h-2z" />
  </Svg>
);
export const IconTouch = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="2.2" />
    <circle cx="8" cy="8" r="5.8" />
  </Svg>
);
export const IconBetterHigher = (p: IconProps) => (
  <Svg {...p}>
    <path d="M3 12 7 8l2 2 4-5M10 5h3v3" />
  </Svg>
);
export const IconBetterLower = (p: IconProps) => (
  <Svg {...p}>
    <path d="M3 4 7 8l2-2 4 5M10 11h3V8" />
  </Svg>
);
