/**
 * How the loader's launcher and frame look on the host page. Styles are set through the CSSOM
 * (element.style), which a host page's strict `style-src` does not block, unlike a <style> tag.
 */

const brand = '#1d4ed8'; // white on this blue: contrast 6.7:1
const layer = '2147483000';
const narrow = () => matchMedia('(max-width: 480px)').matches;

/** A speech-bubble icon, decorative: the button's aria-label names it. */
export function launcherIcon(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '28');
  svg.setAttribute('height', '28');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute(
    'd',
    'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z',
  );
  svg.append(path);
  return svg;
}

export function styleLauncher(button: HTMLButtonElement) {
  Object.assign(button.style, {
    position: 'fixed',
    right: '20px',
    bottom: '20px',
    width: '60px',
    height: '60px',
    borderRadius: '50%',
    border: '0',
    padding: '0',
    margin: '0',
    background: brand,
    color: '#ffffff',
    boxShadow: '0 4px 16px rgba(15, 23, 42, 0.3)',
    cursor: 'pointer',
    zIndex: layer,
    alignItems: 'center',
    justifyContent: 'center',
    outlineOffset: '3px',
  });
  // A visible focus ring in the page's own colours would be unreliable; draw ours.
  button.addEventListener('focus', () => {
    button.style.outline = button.matches(':focus-visible') ? `3px solid ${brand}` : 'none';
  });
  button.addEventListener('blur', () => {
    button.style.outline = 'none';
  });
}

export function styleBadge(badge: HTMLSpanElement) {
  Object.assign(badge.style, {
    position: 'absolute',
    top: '-4px',
    right: '-4px',
    minWidth: '22px',
    height: '22px',
    padding: '0 6px',
    boxSizing: 'border-box',
    borderRadius: '11px',
    background: '#b91c1c',
    color: '#ffffff',
    font: '700 12px/22px system-ui, sans-serif',
    alignItems: 'center',
    justifyContent: 'center',
  });
}

export function styleFrame(frame: HTMLIFrameElement, isOpen: boolean) {
  const full = narrow();
  Object.assign(frame.style, {
    position: 'fixed',
    display: isOpen ? 'block' : 'none',
    border: '0',
    zIndex: layer,
    background: '#ffffff',
    colorScheme: 'normal',
    right: full ? '0' : '20px',
    bottom: full ? '0' : '92px',
    width: full ? '100%' : '380px',
    height: full ? '100%' : 'min(640px, calc(100vh - 112px))',
    borderRadius: full ? '0' : '14px',
    boxShadow: full ? 'none' : '0 12px 40px rgba(15, 23, 42, 0.28)',
  });
}
