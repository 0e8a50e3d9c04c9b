import { render } from "preact";

function Widget() {
  return <p>Chat</p>;
}

render(<Widget />, document.getElementById("widget")!);
