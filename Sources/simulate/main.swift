import Foundation
import SimulateKit

exit(SimulateCLI.run(arguments: Array(CommandLine.arguments.dropFirst())))
