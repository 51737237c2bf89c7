/**
 * Text for the page's aria-live region (#announcer in the layout), sent
 * out-of-band with an htmx fragment so a screen reader hears what a swap
 * did. Only fragments carry it: a full page has its own #announcer.
 */
export function Announcement({ message }: { message: string }) {
  return (
    <div id="announcer" hx-swap-oob="innerHTML">
      {message}
    </div>
  );
}
